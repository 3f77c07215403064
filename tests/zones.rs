//! Failure domains above the server, through the library: a zone is reported as a single
//! point of failure exactly when every instance of a tier users need sits in it.

use infrac::Source;
use infrac::lint::Config;
use proptest::prelude::*;
use std::collections::BTreeSet;

const ZONES: [&str; 3] = ["a", "b", "c"];

/// A managed load balancer and a multi-AZ database over every zone (so neither is
/// confined), web servers and app servers in the given zones.
fn design(web: &[usize], app: &[usize]) -> String {
    let mut text = String::from("region r {\n  zone a {}\n  zone b {}\n  zone c {}\n}\n");
    text.push_str(
        "load_balancer alb { managed = true, zones = [a, b, c], health_check = \"/health\" }\n",
    );
    text.push_str("database db { managed = true, engine = postgres, zones = [a, b, c] }\n");
    for (i, z) in web.iter().enumerate() {
        text.push_str(&format!(
            "server web{i} {{ zone = {}, web_server nginx {{}} }}\n",
            ZONES[*z]
        ));
    }
    for (i, z) in app.iter().enumerate() {
        text.push_str(&format!(
            "server app{i} {{ zone = {}, app_server api {{}} }}\n",
            ZONES[*z]
        ));
    }
    let webs: Vec<String> = (0..web.len()).map(|i| format!("web{i}")).collect();
    let apps: Vec<String> = (0..app.len()).map(|i| format!("app{i}.api")).collect();
    text.push_str("internet -> alb : https\n");
    text.push_str(&format!("alb -> [{}] : http\n", webs.join(", ")));
    text.push_str(&format!(
        "[{}] -> [{}] : http\n",
        webs.iter()
            .map(|w| format!("{w}.nginx"))
            .collect::<Vec<_>>()
            .join(", "),
        apps.join(", ")
    ));
    text.push_str(&format!("[{}] -> db : postgres\n", apps.join(", ")));
    text
}

fn zone_findings(text: &str) -> BTreeSet<String> {
    let checked = infrac::check(Source::new("z.infra", text), &Config::default())
        .unwrap_or_else(|d| panic!("{text}\n{}", d.render(infrac::diagnostics::Style::PLAIN)));
    checked
        .findings
        .iter()
        .filter(|f| f.rule == "single-zone-tier")
        .map(|f| f.component.clone())
        .collect()
}

/// The zone a tier is confined to, if all its instances share one.
fn confined(zones: &[usize]) -> Option<String> {
    let set: BTreeSet<usize> = zones.iter().copied().collect();
    (set.len() == 1).then(|| format!("r.{}", ZONES[zones[0]]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_zone_is_reported_iff_a_needed_tier_lives_only_there(
        web in proptest::collection::vec(0usize..3, 2..5),
        app in proptest::collection::vec(0usize..3, 2..5),
    ) {
        let text = design(&web, &app);
        let expected: BTreeSet<String> = [confined(&web), confined(&app)].into_iter().flatten().collect();
        prop_assert_eq!(zone_findings(&text), expected, "\n{}", text);
    }

    #[test]
    fn the_same_design_without_zones_has_no_zone_findings(
        web in 2usize..5,
        app in 2usize..5,
    ) {
        let text = design(&vec![0; web], &vec![0; app]);
        let unzoned: String = text
            .lines()
            .filter(|l| !l.starts_with("region") && !l.starts_with("  zone") && *l != "}")
            .map(|l| l.replace(", zones = [a, b, c]", "").replace("zone = a, ", ""))
            .collect::<Vec<_>>()
            .join("\n");
        prop_assert!(!unzoned.contains("zone"), "\n{}", unzoned);
        prop_assert!(zone_findings(&unzoned).is_empty(), "\n{}", unzoned);
    }
}

#[test]
fn a_zone_outage_takes_down_what_is_only_there_and_spares_what_is_spread() {
    let text = design(&[0, 1], &[0, 0]);
    let checked =
        infrac::check(Source::new("z.infra", text.as_str()), &Config::default()).expect("compiles");
    let design = &checked.design;
    let zone_a = design.find("r.a").expect("zone a");
    let down = checked.analysis.domains.down_when(design, &[zone_a]);
    let names: BTreeSet<&str> = down
        .iter()
        .map(|&id| design.node(id).path.as_str())
        .collect();
    for wanted in ["web0", "web0.nginx", "app0", "app1", "app1.api"] {
        assert!(names.contains(wanted), "{wanted} missing from {names:?}");
    }
    for spared in ["alb", "db", "web1"] {
        assert!(
            !names.contains(spared),
            "{spared} should survive zone a: {names:?}"
        );
    }
    let region = design.find("r").expect("region");
    let all = checked.analysis.domains.down_when(design, &[region]);
    assert!(
        all.contains(&design.find("alb").expect("alb")),
        "a region takes everything in it"
    );
}
