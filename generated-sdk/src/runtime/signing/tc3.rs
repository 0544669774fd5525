//! TC3-HMAC-SHA256, the signature of Tencent Cloud API 3.0.

use std::sync::Mutex;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// The algorithm name in the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// `YYYY-MM-DD` (UTC) of a Unix timestamp: the date of the credential scope.
pub fn utc_date(timestamp: i64) -> String {
    let date = time::OffsetDateTime::from_unix_timestamp(timestamp)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `kSigning = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")`.
pub fn signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    let mut seed = Vec::with_capacity(3 + secret_key.len());
    seed.extend_from_slice(b"TC3");
    seed.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac(&seed, date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    hmac(&k_service, b"tc3_request")
}

/// The canonical request over `content-type;host`.
pub fn canonical_request(
    method: &str,
    canonical_query: &str,
    content_type: &str,
    host: &str,
    payload: &[u8],
) -> String {
    let hashed_payload = sha256_hex(payload);
    let mut out =
        String::with_capacity(64 + canonical_query.len() + content_type.len() + host.len() + 64);
    out.push_str(method);
    out.push_str("\n/\n");
    out.push_str(canonical_query);
    out.push_str("\ncontent-type:");
    out.push_str(content_type);
    out.push_str("\nhost:");
    out.push_str(host);
    out.push_str("\n\ncontent-type;host\n");
    out.push_str(&hashed_payload);
    out
}

/// `TC3-HMAC-SHA256\n<timestamp>\n<date>/<service>/tc3_request\n<hex sha256(canonical request)>`.
pub fn string_to_sign(timestamp: i64, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// Hex HMAC of the string to sign with the derived key.
pub fn signature(signing_key: &[u8; 32], string_to_sign: &str) -> String {
    hex::encode(hmac(signing_key, string_to_sign.as_bytes()))
}

/// The `Authorization` header value.
pub fn authorization(secret_id: &str, scope: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}")
}

/// Everything one TC3 signature needs.
#[derive(Debug, Clone, Copy)]
pub struct Tc3Request<'a> {
    /// `POST` (JSON body) or `GET` (query).
    pub method: &'a str,
    /// RFC 3986 query of a GET, empty for POST.
    pub canonical_query: &'a str,
    /// `Content-Type` header value.
    pub content_type: &'a str,
    /// `Host` header value.
    pub host: &'a str,
    /// The body.
    pub payload: &'a [u8],
    /// Unix seconds, as sent in `X-TC-Timestamp`.
    pub timestamp: i64,
    /// Service name of the credential scope, e.g. `cvm`.
    pub service: &'a str,
}

/// Derived keys, cached per (secret key, date, service): the three HMACs of the key derivation run
/// once a day per service instead of on every call.
#[derive(Debug, Default)]
pub struct KeyCache {
    entries: Mutex<Vec<CachedKey>>,
}

struct CachedKey {
    secret_key: super::super::SensitiveString,
    date: String,
    service: String,
    key: [u8; 32],
}

impl std::fmt::Debug for CachedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedKey")
            .field("date", &self.date)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

const MAX_CACHED_KEYS: usize = 8;

impl KeyCache {
    /// The derived key, computed on a miss.
    pub fn key(&self, secret_key: &str, date: &str, service: &str) -> [u8; 32] {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(hit) = entries
            .iter()
            .find(|e| e.date == date && e.service == service && e.secret_key.expose() == secret_key)
        {
            return hit.key;
        }
        let key = signing_key(secret_key, date, service);
        entries.retain(|e| e.date == date);
        if entries.len() >= MAX_CACHED_KEYS {
            entries.remove(0);
        }
        entries.push(CachedKey {
            secret_key: super::super::SensitiveString::new(secret_key),
            date: date.to_owned(),
            service: service.to_owned(),
            key,
        });
        key
    }
}

/// Signs a request: returns the `Authorization` header value.
///
/// The canonical request and the string to sign are streamed into the hashes rather than built as
/// strings, and the derived key comes from `cache`: a call costs three hash passes and no
/// allocation beyond the header itself.
pub fn sign(
    request: &Tc3Request<'_>,
    secret_id: &str,
    secret_key: &str,
    cache: &KeyCache,
) -> String {
    let date = utc_date(request.timestamp);
    let mut payload_hex = [0u8; 64];
    hex::encode_to_slice(Sha256::digest(request.payload), &mut payload_hex)
        .expect("64 bytes hold a SHA-256");
    let mut canonical = Sha256::new();
    for part in [
        request.method,
        "\n/\n",
        request.canonical_query,
        "\ncontent-type:",
        request.content_type,
        "\nhost:",
        request.host,
        "\n\ncontent-type;host\n",
    ] {
        canonical.update(part.as_bytes());
    }
    canonical.update(payload_hex);
    let mut canonical_hex = [0u8; 64];
    hex::encode_to_slice(canonical.finalize(), &mut canonical_hex)
        .expect("64 bytes hold a SHA-256");

    let key = cache.key(secret_key, &date, request.service);
    let mut mac = HmacSha256::new_from_slice(&key).expect("HMAC accepts keys of any length");
    let timestamp = request.timestamp.to_string();
    for part in [
        ALGORITHM.as_bytes(),
        b"\n",
        timestamp.as_bytes(),
        b"\n",
        date.as_bytes(),
        b"/",
        request.service.as_bytes(),
        b"/tc3_request\n",
    ] {
        mac.update(part);
    }
    mac.update(&canonical_hex);
    let mut signature = [0u8; 64];
    hex::encode_to_slice(mac.finalize().into_bytes(), &mut signature)
        .expect("64 bytes hold a SHA-256");

    let signature = std::str::from_utf8(&signature).expect("hex is ASCII");
    let mut header = String::with_capacity(120 + secret_id.len() + request.service.len());
    for part in [
        ALGORITHM,
        " Credential=",
        secret_id,
        "/",
        &date,
        "/",
        request.service,
        "/tc3_request, SignedHeaders=content-type;host, Signature=",
        signature,
    ] {
        header.push_str(part);
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;

    // Published vector (PROTOCOLS.md, "Tencent API 3.0 — TC3-HMAC-SHA256").
    const PAYLOAD: &str =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
    const CONTENT_TYPE: &str = "application/json; charset=utf-8";

    fn vector(secret_key: &str) -> (String, String, String) {
        let canonical = canonical_request(
            "POST",
            "",
            CONTENT_TYPE,
            "cvm.tencentcloudapi.com",
            PAYLOAD.as_bytes(),
        );
        let scope = format!("{}/cvm/tc3_request", utc_date(1551113065));
        let to_sign = string_to_sign(1551113065, &scope, &canonical);
        let sig = signature(
            &signing_key(secret_key, &utc_date(1551113065), "cvm"),
            &to_sign,
        );
        (
            sha256_hex(PAYLOAD.as_bytes()),
            sha256_hex(canonical.as_bytes()),
            sig,
        )
    }

    #[test]
    fn published_vector() {
        let (payload, canonical, sig) = vector("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
        assert_eq!(
            payload,
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        assert_eq!(
            canonical,
            "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
        assert_eq!(
            sig,
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
    }

    #[test]
    fn published_vector_with_masked_key() {
        let (_, _, sig) = vector("Gu5t9xGARNpq86cd98joQYCN3*******");
        assert_eq!(
            sig,
            "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
        );
    }

    #[test]
    fn sign_builds_the_authorization_header_and_caches_the_key() {
        let cache = KeyCache::default();
        let request = Tc3Request {
            method: "POST",
            canonical_query: "",
            content_type: CONTENT_TYPE,
            host: "cvm.tencentcloudapi.com",
            payload: PAYLOAD.as_bytes(),
            timestamp: 1551113065,
            service: "cvm",
        };
        let header = sign(
            &request,
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
            &cache,
        );
        assert_eq!(
            header,
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
             SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
        // The cached key signs identically; a different secret gets its own key.
        assert_eq!(
            header,
            sign(
                &request,
                "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                &cache
            )
        );
        assert!(sign(
            &request,
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            "Gu5t9xGARNpq86cd98joQYCN3*******",
            &cache
        )
        .ends_with("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"));
    }
}
