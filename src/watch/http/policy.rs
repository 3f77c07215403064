//! Who may ask: only pages served from this machine's loopback names. A web page on
//! another site can point its own domain at 127.0.0.1 (DNS rebinding) and read the
//! preview through the user's browser; the browser still sends that site's name in
//! `Host` and `Origin`, so checking both against the loopback names closes the door.

use super::{Head, Response, Status};

/// The names a browser on this machine reaches a loopback server by.
const LOOPBACK: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// `host` is `NAME:PORT` for a loopback name (the port may be left out only for 80).
pub fn is_loopback_host(host: &str, port: u16) -> bool {
    LOOPBACK.iter().any(|name| {
        let with_port = format!("{name}:{port}");
        host.eq_ignore_ascii_case(&with_port) || (port == 80 && host.eq_ignore_ascii_case(name))
    })
}

/// `origin` is `http://` and a loopback host.
pub fn is_loopback_origin(origin: &str, port: u16) -> bool {
    origin
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
        && is_loopback_host(&origin[7..], port)
}

/// The refusal for a request that may not be answered, or `None` when it may.
pub fn refusal(head: &Head, port: u16) -> Option<Response> {
    let Some(host) = head.host.as_deref() else {
        return Some(Response::plain(
            Status::BadRequest,
            "a Host header is required",
        ));
    };
    if !is_loopback_host(host, port) {
        return Some(Response::plain(
            Status::Forbidden,
            "this preview answers only http://127.0.0.1, localhost or [::1] on its port",
        ));
    }
    if head
        .origin
        .as_deref()
        .is_some_and(|o| !is_loopback_origin(o, port))
    {
        return Some(Response::plain(
            Status::Forbidden,
            "this preview answers only pages from its own address",
        ));
    }
    if head.method != "GET" && head.method != "HEAD" {
        return Some(Response::plain(
            Status::MethodNotAllowed,
            "this preview answers only GET and HEAD",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(method: &str, host: Option<&str>, origin: Option<&str>) -> Head {
        Head {
            method: method.into(),
            target: "/".into(),
            host: host.map(Into::into),
            origin: origin.map(Into::into),
        }
    }

    #[test]
    fn loopback_names_on_our_port_are_answered() {
        for host in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LOCALHOST:4000",
            "[::1]:4000",
        ] {
            assert!(
                refusal(&head("GET", Some(host), None), 4000).is_none(),
                "{host}"
            );
        }
        let own = head(
            "HEAD",
            Some("localhost:4000"),
            Some("http://localhost:4000"),
        );
        assert!(refusal(&own, 4000).is_none());
    }

    #[test]
    fn other_hosts_ports_and_origins_are_forbidden() {
        let cases = [
            head("GET", Some("evil.example:4000"), None),
            head("GET", Some("localhost:4001"), None),
            head("GET", Some("localhost"), None),
            head("GET", Some("127.0.0.1.evil.example:4000"), None),
            head("GET", Some("localhost:4000"), Some("http://evil.example")),
            head("GET", Some("localhost:4000"), Some("null")),
            head(
                "GET",
                Some("localhost:4000"),
                Some("https://localhost:4000"),
            ),
        ];
        for case in cases {
            let status = refusal(&case, 4000).map(|r| r.status);
            assert_eq!(status, Some(Status::Forbidden), "{case:?}");
        }
        let no_host = refusal(&head("GET", None, None), 4000).map(|r| r.status);
        assert_eq!(no_host, Some(Status::BadRequest));
    }

    #[test]
    fn only_get_and_head_are_allowed() {
        for method in ["POST", "DELETE", "OPTIONS", "PUT", "get"] {
            let status =
                refusal(&head(method, Some("localhost:4000"), None), 4000).map(|r| r.status);
            assert_eq!(status, Some(Status::MethodNotAllowed), "{method}");
        }
    }

    #[test]
    fn port_80_may_be_left_out() {
        assert!(is_loopback_host("localhost", 80));
        assert!(is_loopback_host("localhost:80", 80));
    }
}
