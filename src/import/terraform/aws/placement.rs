//! Where things run: the availability zones of subnets (`aws_subnet.availability_zone`)
//! and resources' own `availability_zone(s)`, declared as `zone` blocks inside `region`
//! blocks named after them (`us-east-1a` sits in `us-east-1`). A server is in the zone
//! of its subnet; a managed service spans the zones of its subnets.

use super::Mapping;
use crate::import::terraform::Val;
use crate::model::builder::{ItemId, Origin, Value};
use std::collections::BTreeMap;

/// Zones named when a service is in several but the configuration does not say which
/// (they are known only once applied).
const PLACEHOLDERS: [&str; 2] = ["az1", "az2"];

/// Attributes that name availability zones directly, on the resources that have them.
const ZONE_KEYS: &[&str] = &[
    "availability_zone",
    "availability_zones",
    "preferred_availability_zones",
    "preferred_cache_cluster_azs",
];

impl Mapping<'_> {
    /// Read every subnet's zone and declare each zone the configuration names.
    pub(super) fn regions(&mut self) {
        // Each zone points at the first resource that names it.
        let mut zones: BTreeMap<String, usize> = BTreeMap::new();
        for (i, r) in self.resources.iter().enumerate() {
            if r.data {
                continue;
            }
            if r.kind == "aws_subnet" {
                if let Some(az) = zone_name(r.get("availability_zone")) {
                    self.subnet_zones.insert(i, az.clone());
                    self.used[i] = true;
                    zones.entry(az).or_insert(i);
                }
                continue;
            }
            for key in ZONE_KEYS {
                for az in r.get(key).items().iter().filter_map(zone_name) {
                    zones.entry(az).or_insert(i);
                }
            }
        }
        let mut regions: BTreeMap<Option<String>, Vec<(String, usize)>> = BTreeMap::new();
        for (az, i) in zones {
            regions.entry(region_of(&az)).or_default().push((az, i));
        }
        for (region, zones) in regions {
            let parent = match region {
                Some(region) if !self.zones.contains(&region) => {
                    let at = self.origin(zones[0].1, "#region");
                    let id = self.b.item(None, "region", &region, &at);
                    self.names.take("", &region);
                    self.b
                        .attribute(Some(id), "provider", Value::word("aws"), &at);
                    Some(id)
                }
                _ => None,
            };
            for (az, i) in zones {
                let at = self.origin(i, "#zone");
                self.declare_zone(parent, &az, &at);
            }
        }
    }

    fn declare_zone(&mut self, parent: Option<ItemId>, az: &str, at: &Origin) {
        self.b.item(parent, "zone", az, at);
        self.names.take("", az);
        self.zones.push(az.to_string());
    }

    /// The zones of the subnets a value names, in order and without repeats.
    pub(super) fn zones_of_subnets(&self, v: &Val) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in self.targets_of(v) {
            if let Some(az) = self.subnet_zones.get(&s)
                && !out.contains(az)
            {
                out.push(az.clone());
            }
        }
        out
    }

    /// The zones a resource names itself, then those of its subnets (`keys`).
    pub(super) fn zones_of(&self, i: usize, subnet_keys: &[&str]) -> Vec<String> {
        let v = &self.resources[i].values;
        let mut out: Vec<String> = Vec::new();
        for key in ZONE_KEYS {
            for az in v.get(key).items().iter().filter_map(zone_name) {
                if !out.contains(&az) {
                    out.push(az);
                }
            }
        }
        for key in subnet_keys {
            let subnets = match *key {
                "subnet_mapping" => Val::List(
                    v.blocks(key)
                        .iter()
                        .map(|m| m.get("subnet_id").clone())
                        .collect(),
                ),
                _ => v.get(key).clone(),
            };
            for az in self.zones_of_subnets(&subnets) {
                if !out.contains(&az) {
                    out.push(az);
                }
            }
        }
        out
    }

    /// Two zones for a service that runs in several when the configuration does not say
    /// which: the first two it declares, else two placeholders — either way a guess,
    /// reported.
    pub(super) fn guessed_zones(&mut self, i: usize, why: &str) -> Vec<String> {
        let zones: Vec<String> = if self.zones.len() >= 2 {
            self.zones[..2].to_vec()
        } else {
            for name in PLACEHOLDERS {
                if !self.zones.iter().any(|z| z == name) {
                    let at = self.origin(i, "#zone");
                    self.declare_zone(None, name, &at);
                }
            }
            PLACEHOLDERS.iter().map(|z| z.to_string()).collect()
        };
        let element = self.element(i);
        self.report.guess(
            element,
            Some(self.resources[i].span),
            format!(
                "{why}, in zones known only once applied: placed in {}",
                zones.join(" and ")
            ),
        );
        zones
    }

    /// `zone = a` for one zone, `zones = [a, b]` for several.
    pub(super) fn place(&mut self, id: ItemId, zones: &[String], at: &Origin) {
        match zones {
            [] => {}
            [one] => self
                .b
                .attribute(Some(id), "zone", Value::word(one.clone()), at),
            many => self
                .b
                .attribute(Some(id), "zones", Value::words(many.to_vec()), at),
        }
    }
}

/// An availability zone's name as `.infra` can write it: `us-east-1a` as it is.
fn zone_name(v: &Val) -> Option<String> {
    let az = v.str()?.trim();
    (crate::import::names::is_identifier(az) && az.len() <= 64).then(|| az.to_string())
}

/// `us-east-1a` → `us-east-1`: AWS names a zone after its region and a letter.
fn region_of(az: &str) -> Option<String> {
    let region = az.strip_suffix(|c: char| c.is_ascii_lowercase())?;
    region
        .ends_with(|c: char| c.is_ascii_digit())
        .then(|| region.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_sit_in_the_region_they_are_named_after() {
        assert_eq!(region_of("us-east-1a").as_deref(), Some("us-east-1"));
        assert_eq!(region_of("eu-west-3c").as_deref(), Some("eu-west-3"));
        assert_eq!(region_of("zone-a"), None);
        assert_eq!(region_of("a"), None);
        assert_eq!(
            zone_name(&Val::String("us-east-1a".into())).as_deref(),
            Some("us-east-1a")
        );
        assert_eq!(zone_name(&Val::String("1a".into())), None);
        assert_eq!(zone_name(&Val::Unknown("x".into())), None);
    }
}
