//! Enum-like attribute values (`algorithm`, `mode`, `role`, record `type`…) as Rust enums.
//!
//! Each enum is declared once, with the words users write; the schema's word lists are
//! these enums' [`Word::WORDS`], so lowering accepts exactly the words the later stages
//! can name, and the stages compare enums instead of strings. Lowering stores the
//! normalised word ([`super::value::AttrValue::Word`]); [`super::value::Attrs::word`]
//! reads it back as the enum.

/// A closed set of words an attribute may take.
pub trait Word: Sized + Copy + 'static {
    /// Every word, in the order the schema documents them.
    const WORDS: &'static [&'static str];

    /// The word as users write it.
    fn word(self) -> &'static str;

    /// The value for a normalised word (as lowering stored it).
    fn from_word(word: &str) -> Option<Self>;
}

/// Declares an enum whose variants are spelt by the given words.
macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $word)] $variant),+
        }

        impl Word for $name {
            const WORDS: &'static [&'static str] = &[$($word),+];

            fn word(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            fn from_word(word: &str) -> Option<Self> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

words! {
    /// How a load balancer picks a backend (`algorithm`).
    Algorithm {
        RoundRobin = "round_robin",
        WeightedRoundRobin = "weighted_round_robin",
        LeastConn = "least_conn",
        LeastTime = "least_time",
        Source = "source",
        IpHash = "ip_hash",
        Uri = "uri",
        Random = "random",
        First = "first",
    }
}

impl Algorithm {
    /// Whether it sends more to instances that can take more (least connections, least
    /// time, weights) rather than the same share to each.
    pub fn is_load_aware(self) -> bool {
        matches!(
            self,
            Algorithm::LeastConn | Algorithm::LeastTime | Algorithm::WeightedRoundRobin
        )
    }
}

words! {
    /// Whether redundant instances all serve, or some wait (`mode` of clusters and load
    /// balancers).
    Mode {
        ActiveActive = "active_active",
        ActivePassive = "active_passive",
    }
}

words! {
    /// What a database or cache is in its replication set (`role`).
    Role {
        Primary = "primary",
        Replica = "replica",
    }
}

words! {
    /// A DNS record's type (`type`), matched case-insensitively.
    RecordType {
        A = "A",
        Aaaa = "AAAA",
        Cname = "CNAME",
        Mx = "MX",
        Txt = "TXT",
        Ns = "NS",
        Srv = "SRV",
        Caa = "CAA",
    }
}

impl RecordType {
    /// A, AAAA and CNAME: the names users type resolve through these.
    pub fn is_address(self) -> bool {
        matches!(self, RecordType::A | RecordType::Aaaa | RecordType::Cname)
    }
}

words! {
    /// How a record with several values answers (`routing`).
    Routing {
        /// Every value in every answer; clients try them in turn.
        RoundRobin = "round_robin",
        /// The first value while its health check passes, then the next.
        Failover = "failover",
        /// Values answered in proportion to their weights.
        Weighted = "weighted",
        /// The value closest to the user.
        Latency = "latency",
    }
}

words! {
    /// What a firewall does with traffic no rule matches (`default`, `default_out`).
    Policy {
        Deny = "deny",
        Allow = "allow",
    }
}

words! {
    /// Whether a flow may write (`access`).
    Access {
        ReadWrite = "read_write",
        Read = "read",
    }
}

impl Access {
    pub fn name(self) -> &'static str {
        self.word()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<W: Word + PartialEq + std::fmt::Debug>() {
        for word in W::WORDS {
            let value = W::from_word(word).expect("every word parses");
            assert_eq!(value.word(), *word);
        }
        assert!(W::from_word("no such word").is_none());
    }

    #[test]
    fn every_word_round_trips() {
        round_trips::<Algorithm>();
        round_trips::<Mode>();
        round_trips::<Role>();
        round_trips::<RecordType>();
        round_trips::<Routing>();
        round_trips::<Policy>();
        round_trips::<Access>();
    }
}
