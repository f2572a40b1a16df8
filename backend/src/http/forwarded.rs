//! Where a request came from and which address it was sent to. Proxies' headers
//! (`Forwarded`, `X-Forwarded-For`, `-Proto`, `-Host`) are believed only when the peer
//! is one of `auth.trusted_proxies`; from anyone else they are ignored, since any
//! client can write them. A scheme other than http/https or a host that is not a host
//! name or IP address (with an optional port) is refused with 400, never written into
//! a URL.

use std::net::{IpAddr, Ipv6Addr};

use actix_web::HttpRequest;
use actix_web::http::header::HOST;
use shared::ErrorCode;

use super::AppState;
use super::error::ApiError;

/// The site's public origin (`https://example.id`) as readers reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub url: String,
    /// From `web.public_url`: the same for every request. Otherwise the request
    /// named it, and answers that carry it are not kept for others.
    pub configured: bool,
}

/// The client's address: the peer, unless the peer is a trusted proxy, in which case
/// the right-most `X-Forwarded-For` entry that is not itself a trusted proxy.
pub fn client_ip(req: &HttpRequest, trusted: &[IpAddr]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".to_owned();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
        .to_string()
}

/// Whether the peer is a proxy whose headers are believed.
fn from_trusted_proxy(req: &HttpRequest, trusted: &[IpAddr]) -> bool {
    req.peer_addr().is_some_and(|a| trusted.contains(&a.ip()))
}

/// `https://host` as readers reach the site: `web.public_url`, or else the request's
/// `Host` (and a trusted proxy's forwarded scheme and host).
pub fn public_origin(req: &HttpRequest, state: &AppState) -> Result<Origin, ApiError> {
    if let Some(url) = &state.settings.web.public_url {
        return Ok(Origin {
            url: url.trim_end_matches('/').to_owned(),
            configured: true,
        });
    }
    let proxied = from_trusted_proxy(req, &state.settings.auth.trusted_proxies);
    let (mut scheme, mut host) = (None, None);
    if proxied {
        // The element the nearest proxy added is the last one.
        if let Some(element) = last_value(req, "forwarded") {
            for pair in element.split(';') {
                if let Some((name, value)) = pair.split_once('=') {
                    let value = value.trim().trim_matches('"').to_owned();
                    match name.trim().to_ascii_lowercase().as_str() {
                        "proto" => scheme = Some(("Forwarded", value)),
                        "host" => host = Some(("Forwarded", value)),
                        _ => {}
                    }
                }
            }
        }
        scheme = scheme.or_else(|| {
            last_value(req, "x-forwarded-proto").map(|v| ("X-Forwarded-Proto", v.to_owned()))
        });
        host = host.or_else(|| {
            last_value(req, "x-forwarded-host").map(|v| ("X-Forwarded-Host", v.to_owned()))
        });
    }
    let scheme = match scheme {
        Some((header, value)) => match value.to_ascii_lowercase().as_str() {
            s @ ("http" | "https") => s.to_owned(),
            _ => {
                return Err(ApiError::field(
                    ErrorCode::InvalidHeader,
                    header,
                    "The forwarded scheme must be http or https",
                ));
            }
        },
        // The server itself speaks plain HTTP; TLS ends at a proxy.
        None => "http".to_owned(),
    };
    let (header, value) = match host {
        Some(found) => found,
        None => match req.headers().get(HOST) {
            Some(value) => (
                "Host",
                value.to_str().map_err(|_| invalid_host("Host"))?.to_owned(),
            ),
            // HTTP/1.0 without `Host`: the address the server answers as.
            None => ("Host", req.app_config().host().to_owned()),
        },
    };
    let host = valid_host(&value).ok_or_else(|| invalid_host(header))?;
    Ok(Origin {
        url: format!("{scheme}://{host}"),
        configured: false,
    })
}

fn invalid_host(header: &str) -> ApiError {
    ApiError::field(
        ErrorCode::InvalidHeader,
        header,
        format!("`{header}` must be a host name or IP address, with an optional port"),
    )
}

/// The last comma-separated value of a header (over all its lines).
fn last_value<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers()
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|v| !v.is_empty())
}

/// `host`, `host:port`, an IPv4 address or `[IPv6]`, with an optional port — in
/// lower case — or `None` for anything else.
pub fn valid_host(value: &str) -> Option<String> {
    let (name, port) = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        inside.parse::<Ipv6Addr>().ok()?;
        (&value[..inside.len() + 2], after.strip_prefix(':'))
    } else {
        match value.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (value, None),
        }
    };
    // Digits only (`parse` alone would take `+80`), and a port that exists.
    if port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u16>().is_err()) {
        return None;
    }
    if !name.starts_with('[') {
        let labels_ok = name.len() <= 253
            && name.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            });
        if !labels_ok {
            return None;
        }
    }
    let mut host = name.to_ascii_lowercase();
    if let Some(port) = port {
        host.push(':');
        host.push_str(port);
    }
    Some(host)
}

#[cfg(test)]
mod tests {
    use super::valid_host;

    #[test]
    fn only_hosts_are_hosts() {
        for good in [
            "example.id",
            "Example.ID:8080",
            "127.0.0.1",
            "127.0.0.1:80",
            "[::1]",
            "[::1]:443",
            "localhost",
        ] {
            assert!(valid_host(good).is_some(), "{good}");
        }
        assert_eq!(
            valid_host("Example.ID:8080").as_deref(),
            Some("example.id:8080")
        );
        for bad in [
            "",
            "x%0aalert(document.domain)//",
            "a/b",
            "user@example.id",
            "example.id:",
            "example.id:99999",
            "example.id:8o",
            "[::1",
            "[nope]",
            "-x.id",
            "a..b",
            "exa mple.id",
            "\"><script>",
            "example.id:80:80",
        ] {
            assert!(valid_host(bad).is_none(), "{bad}");
        }
    }
}
