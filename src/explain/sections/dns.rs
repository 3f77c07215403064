//! The domain name, its records, why each record has its type — and the record types a
//! zone can hold, with why this design's names use the ones they do.

use super::super::context::Writeup;
use super::super::document::{Section, Spans, and_list, code, link, or_list, spans, strong};
use super::super::facts::{name, name_list, value};
use crate::analysis::resolution::{Answer, Unresolved};
use crate::model::word::Word;
use crate::model::{Design, Kind};

pub fn section(w: &Writeup) -> Option<Section> {
    let d = w.design;
    let domains = w.of(Kind::Domain);
    if domains.is_empty() {
        return None;
    }
    let mut s = Section::new("dns", "Domain name and DNS");
    let zones: Vec<Spans> = domains
        .iter()
        .map(|&z| code(d.node(z).name.clone()))
        .collect();
    let site = w.site_answer();
    let typed = site.map_or_else(
        || spans!["a name under it"],
        |a| spans!["a name such as ", code(a.name.clone())],
    );
    let address = site
        .and_then(|a| a.users.addresses.first())
        .map_or_else(Spans::new, |ip| spans![" such as ", code(ip.to_string())]);
    s.para(spans![
        "A domain name is the human-readable name of a site. Its role is to let people \
         reach the site by ",
        typed,
        " instead of remembering an IP address",
        address,
        ", and to let that address change without anyone noticing. ",
        and_list(zones),
        " is the registered domain; each record in its zone tells the Domain Name System \
         (DNS) what a name under it stands for. A browser asks a DNS resolver, which asks \
         the domain's authoritative name servers and caches the answer for the record's \
         time to live (TTL)."
    ]);
    let mut rows = Vec::new();
    for record in &w.analysis.dns.records {
        let answer = w.answers.iter().find(|a| a.record == record.id);
        let written = d
            .node(record.id)
            .attrs
            .get("value")
            .map_or_else(|| "—".into(), |v| value(d, v));
        rows.push(vec![
            code(record.fqdn.clone()),
            record.kind.word().into(),
            written.clone(),
            answer.map_or_else(|| "—".into(), |a| resolves_to(d, a)),
        ]);
        s.para(match answer {
            Some(a) => explain_answer(d, a),
            None => explain_other(&record.fqdn, record.kind.word(), written),
        });
    }
    s.table(vec!["name", "type", "value", "resolves to"], rows);
    s.sub(record_types(w));
    Some(s)
}

/// The table's last column: what a browser ends up with.
fn resolves_to(d: &Design, a: &Answer) -> Spans {
    if let Some(edge) = a.edge {
        return spans!["the addresses of ", name(d, edge), " (proxied)"];
    }
    if let [host] = a.users.hosts.as_slice()
        && a.users.addresses.is_empty()
        && d.is_managed(*host)
    {
        return spans![name(d, *host), " (addresses its provider assigns)"];
    }
    if let Some(outside) = &a.users.outside {
        return spans!["outside the design (", code(outside.clone()), ")"];
    }
    if !a.resolves() {
        return "nothing".into();
    }
    let addresses = and_list(a.users.addresses.iter().map(|ip| code(ip.to_string())));
    let owner = match a.users.vip_of {
        Some(cluster) => spans!["the virtual IP of ", name(d, cluster)],
        None => name_list(d, &a.users.hosts),
    };
    if a.users.addresses.is_empty() {
        spans![owner, " (no address declared)"]
    } else {
        spans![addresses, ", ", owner]
    }
}

/// "the address of `lb1`", "the virtual IP of the cluster `lbs`", "the addresses of the
/// cluster `lbs`'s members": whose address a name answers.
pub fn whose(d: &Design, a: &Answer) -> Spans {
    match (a.users.vip_of, a.users.hosts.as_slice()) {
        (Some(cluster), _) => spans!["the virtual IP of the cluster ", name(d, cluster)],
        (None, [one]) if d.node(*one).kind == Kind::Cluster => {
            spans!["the addresses of the members of ", name(d, *one)]
        }
        (None, hosts) => spans![
            if a.users.addresses.len() == 1 {
                "the address of "
            } else {
                "the addresses of "
            },
            name_list(d, hosts)
        ],
    }
}

fn addresses(a: &Answer) -> Spans {
    and_list(a.users.addresses.iter().map(|ip| code(ip.to_string())))
}

/// Why one address record has its type, and what it answers.
fn explain_answer(d: &Design, a: &Answer) -> Spans {
    let name_ = code(a.name.clone());
    if let Some(Unresolved::CnameHoldsAddress(ip)) = &a.users.unresolved {
        return spans![
            name_.clone(),
            " is declared as a ",
            strong("CNAME record"),
            " holding the address ",
            code(ip.to_string()),
            ". That cannot work: a CNAME's value must be another name, so resolvers look ",
            code(ip.to_string()),
            " up as a host name, find none, and ",
            name_,
            " resolves to nothing — browsers cannot reach the site by this name. An ",
            strong("A record"),
            " is the type that maps a name to an IPv4 address (AAAA for IPv6); see ",
            link("Issues", "issues"),
            "."
        ];
    }
    let lead = match a.kind.to_ascii_uppercase().as_str() {
        "CNAME" => spans![
            name_.clone(),
            " is a ",
            strong("CNAME record"),
            ": an alias"
        ],
        "AAAA" => spans![
            name_.clone(),
            " is an ",
            strong("AAAA record"),
            ": it maps the name to an IPv6 address"
        ],
        _ => spans![
            name_.clone(),
            " is an ",
            strong("A record"),
            ": it maps the name straight to an IPv4 address"
        ],
    };
    let chain = match a.users.aliases.as_slice() {
        [] => Spans::new(),
        [first, rest @ ..] => {
            let mut text = spans![" saying it is another name for ", code(first.clone())];
            for next in rest {
                text.push(spans![", itself an alias of ", code(next.clone())]);
            }
            text.push("; the resolver looks that name up in turn");
            text
        }
    };
    let origins: Vec<_> = a
        .origins()
        .into_iter()
        .filter(|&o| Some(o) != a.edge)
        .collect();
    let outcome = if let Some(edge) = a.edge {
        let behind = if origins.is_empty() {
            Spans::new()
        } else {
            let addresses: Vec<Spans> = a
                .values
                .iter()
                .flat_map(|v| v.addresses.iter().map(|ip| code(ip.to_string())))
                .collect();
            spans![
                ", and ",
                name(d, edge),
                " forwards the requests to the origin, ",
                if addresses.is_empty() {
                    name_list(d, &origins)
                } else {
                    spans![and_list(addresses), " (", name_list(d, &origins), ")"]
                },
                ", whose address users never see"
            ]
        };
        spans![
            ". It is ",
            strong("proxied"),
            ": browsers looking it up get the addresses of ",
            name(d, edge),
            ", the edge in front of the site, which ends their TLS connections",
            behind
        ]
    } else if let [host] = a.users.hosts.as_slice()
        && a.users.addresses.is_empty()
        && d.is_managed(*host)
    {
        spans![
            ". It leads to ",
            name(d, *host),
            ", a provider's service: the provider assigns its addresses and changes them \
             as it replaces machines, which is why a name (a CNAME, or the provider's alias \
             record at the apex) points at it rather than an address"
        ]
    } else if let Some(outside) = &a.users.outside {
        spans![
            " for ",
            code(outside.clone()),
            ", a name outside this design: whoever runs that name answers for it"
        ]
    } else if a.resolves() && !a.users.addresses.is_empty() {
        spans![
            ". Browsers looking it up get ",
            addresses(a),
            ", ",
            whose(d, a)
        ]
    } else if a.resolves() {
        spans![
            ". It leads to ",
            name_list(d, &a.users.hosts),
            ", which declares no address in the design"
        ]
    } else {
        let why = match &a.users.unresolved {
            Some(Unresolved::NoOwner(ip)) => spans![
                ": ",
                code(ip.to_string()),
                ", an address no server or cluster of the design has"
            ],
            Some(Unresolved::UnknownName(n)) => {
                spans![": ", code(n.clone()), ", which has no record"]
            }
            Some(Unresolved::Loop) => spans![": its aliases lead back to themselves"],
            _ => spans![": it points at nothing users can connect to"],
        };
        spans![
            ". It resolves to nothing",
            why,
            " (see ",
            link("Issues", "issues"),
            ")"
        ]
    };
    spans![lead, chain, outcome, "."]
}

fn explain_other(fqdn: &str, kind: &str, written: Spans) -> Spans {
    let name = code(fqdn.to_string());
    match kind.to_ascii_uppercase().as_str() {
        "MX" => spans![
            name,
            " is an ",
            strong("MX record"),
            ": it names ",
            written,
            " as the mail server that accepts email for the domain."
        ],
        "TXT" => spans![
            name,
            " is a ",
            strong("TXT record"),
            ": free text for other systems to read, such as domain-ownership proofs and SPF \
             or DKIM email policies."
        ],
        "NS" => spans![
            name,
            " is an ",
            strong("NS record"),
            ": it names ",
            written,
            " as an authoritative name server for the zone."
        ],
        other => spans![name, " is a ", code(other.to_string()), " record."],
    }
}

/// The record types of the exercise, which ones this design uses, and why the site's
/// name has the type it has.
fn record_types(w: &Writeup) -> Section {
    let mut s = Section::new("record-types", "DNS record types");
    let here = |kind: &str| -> Spans {
        let names: Vec<Spans> = w
            .analysis
            .dns
            .records
            .iter()
            .filter(|r| r.kind.word().eq_ignore_ascii_case(kind))
            .map(|r| code(r.fqdn.clone()))
            .collect();
        if names.is_empty() {
            Spans::new()
        } else {
            spans![" Here: ", and_list(names), "."]
        }
    };
    s.bullets(vec![
        spans![
            strong("A"),
            " — maps a name to an IPv4 address (",
            strong("AAAA"),
            " to an IPv6 one). The type for a name served from an address the design owns.",
            here("A"),
            here("AAAA")
        ],
        spans![
            strong("CNAME"),
            " — makes a name an alias of another name, which the resolver then looks up. \
             Its value must be a name, never an address, and the zone apex (the bare \
             domain) cannot be one.",
            here("CNAME")
        ],
        spans![
            strong("MX"),
            " — names the mail servers that accept email for the domain, with a priority.",
            here("MX")
        ],
        spans![
            strong("TXT"),
            " — free text read by other systems: domain-ownership checks, SPF and DKIM \
             email policies.",
            here("TXT")
        ],
    ]);
    if let Some(site) = w.site_answer() {
        s.para(why_this_type(w.design, site, w.answers));
    }
    s
}

/// Why the site's name is the type it is here, and not the other.
fn why_this_type(d: &Design, site: &Answer, all: &[Answer]) -> Spans {
    let name = code(site.name.clone());
    let other_names: Vec<&Answer> = all
        .iter()
        .filter(|a| {
            a.record != site.record
                && a.resolves()
                && a.users.aliases.is_empty()
                && a.users.hosts == site.users.hosts
        })
        .collect();
    match site.kind.to_ascii_uppercase().as_str() {
        "CNAME"
            if site.users.unresolved.is_some()
                && site.users.aliases.is_empty()
                && site.users.outside.is_none() =>
        {
            spans![
                "Why not a CNAME for ",
                name,
                ": a CNAME can only alias another name. Pointing a name at an address takes an \
             A record — the claim that ",
                code("www"),
                " can be a CNAME to an IP address is wrong, as this design shows."
            ]
        }
        "CNAME" => spans![
            "Why a CNAME for ",
            name.clone(),
            ": it follows another name, so when that name's address changes (or a provider \
             moves the service), ",
            name,
            " follows without being edited. The cost is one more lookup for the resolver."
        ],
        _ if !site.resolves() => spans![
            "An A record is the right type for ",
            name,
            ": it maps a name to an address. But the address it holds belongs to nothing \
             in the design, so users reach nothing by it (see ",
            link("Issues", "issues"),
            ")."
        ],
        _ => {
            let alternative = match other_names.as_slice() {
                [] => spans![
                    " No other name in the zone holds that address for it to alias, and a \
                     CNAME cannot hold an address itself, so ",
                    code(site.name.clone()),
                    " must be an A record. (Write-ups that call ",
                    code("www"),
                    " a CNAME describe a different zone, where another name carries the \
                     address.)"
                ],
                others => spans![
                    " It could also be a CNAME to ",
                    or_list(others.iter().map(|a| code(a.name.clone()))),
                    ", which resolves to the same host; the A record saves the resolver a \
                     lookup."
                ],
            };
            spans![
                "Why an A record for ",
                name,
                ", and not a CNAME: the site is served from an address the design itself \
                 owns (",
                whose(d, site),
                "), which is exactly what an A record is for.",
                alternative
            ]
        }
    }
}
