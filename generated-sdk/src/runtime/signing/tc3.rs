//! TC3-HMAC-SHA256, the signature of Tencent Cloud API 3.0: the one signer the client uses.
//!
//! The canonical request and the string to sign are streamed into the hashes instead of being
//! built as strings, the derived key (with its HMAC pads already absorbed) is cached per secret,
//! date and service, and the date and timestamp are formatted on the stack: a call costs the
//! payload hash, one hash of the canonical request, one HMAC and the header string it returns.
//!
//! The mock checks requests with its own straight-line implementation
//! (`runtime::mock::verify`), which shares no code with this one.

use std::sync::Mutex;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// The algorithm name in the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The headers this signer signs (the minimum the service requires).
const SIGNED_HEADERS: &str = "content-type;host";

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

/// Signs a request: returns the `Authorization` header value,
/// `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=content-type;host, Signature=<hex>`.
///
/// The derived key comes from `cache` (three HMACs once a day per secret and service).
pub fn sign(
    request: &Tc3Request<'_>,
    secret_id: &str,
    secret_key: &str,
    cache: &KeyCache,
) -> String {
    let date = UtcDate::of(request.timestamp);
    let date = date.as_str();
    let canonical_hex = hashed_canonical_request(request, &hashed_payload(request.payload));
    let mac = cache.mac(secret_key, date, request.service);
    let signature = signature_hex(mac, request, date, &canonical_hex);
    let signature = std::str::from_utf8(&signature).expect("hex is ASCII");

    let mut header = String::with_capacity(
        ALGORITHM.len()
            + " Credential=".len()
            + secret_id.len()
            + 1
            + date.len()
            + 1
            + request.service.len()
            + "/tc3_request, SignedHeaders=".len()
            + SIGNED_HEADERS.len()
            + ", Signature=".len()
            + signature.len(),
    );
    for part in [
        ALGORITHM,
        " Credential=",
        secret_id,
        "/",
        date,
        "/",
        request.service,
        "/tc3_request, SignedHeaders=",
        SIGNED_HEADERS,
        ", Signature=",
        signature,
    ] {
        header.push_str(part);
    }
    header
}

/// Lower-case hex of `sha256(payload)`.
fn hashed_payload(payload: &[u8]) -> [u8; 64] {
    let mut hex = [0u8; 64];
    hex::encode_to_slice(Sha256::digest(payload), &mut hex).expect("64 bytes hold a SHA-256");
    hex
}

/// Lower-case hex of the SHA-256 of the canonical request
/// `METHOD\n/\n<query>\ncontent-type:<ct>\nhost:<host>\n\ncontent-type;host\n<hashed payload>`,
/// streamed: header values are trimmed and lower-cased as the service does.
fn hashed_canonical_request(request: &Tc3Request<'_>, hashed_payload: &[u8; 64]) -> [u8; 64] {
    let mut hasher = Sha256::new();
    hasher.update(request.method.as_bytes());
    hasher.update(b"\n/\n");
    hasher.update(request.canonical_query.as_bytes());
    hasher.update(b"\ncontent-type:");
    update_lowercase(&mut hasher, request.content_type.trim());
    hasher.update(b"\nhost:");
    update_lowercase(&mut hasher, request.host.trim());
    hasher.update(b"\n\n");
    hasher.update(SIGNED_HEADERS.as_bytes());
    hasher.update(b"\n");
    hasher.update(hashed_payload);
    let mut hex = [0u8; 64];
    hex::encode_to_slice(hasher.finalize(), &mut hex).expect("64 bytes hold a SHA-256");
    hex
}

/// Feeds `value` lower-cased (ASCII) without allocating; most values need no change.
fn update_lowercase(hasher: &mut Sha256, value: &str) {
    let bytes = value.as_bytes();
    if !bytes.iter().any(u8::is_ascii_uppercase) {
        hasher.update(bytes);
        return;
    }
    let mut buffer = [0u8; 64];
    for chunk in bytes.chunks(buffer.len()) {
        let lowered = &mut buffer[..chunk.len()];
        lowered.copy_from_slice(chunk);
        lowered.make_ascii_lowercase();
        hasher.update(&*lowered);
    }
}

/// Lower-case hex HMAC of the string to sign
/// `TC3-HMAC-SHA256\n<timestamp>\n<date>/<service>/tc3_request\n<hashed canonical request>`,
/// with `mac` keyed by the derived key.
fn signature_hex(
    mut mac: HmacSha256,
    request: &Tc3Request<'_>,
    date: &str,
    hashed_canonical_request: &[u8; 64],
) -> [u8; 64] {
    let timestamp = Decimal::of(request.timestamp);
    for part in [
        ALGORITHM.as_bytes(),
        b"\n",
        timestamp.as_bytes(),
        b"\n",
        date.as_bytes(),
        b"/",
        request.service.as_bytes(),
        b"/tc3_request\n",
        hashed_canonical_request,
    ] {
        mac.update(part);
    }
    let mut hex = [0u8; 64];
    hex::encode_to_slice(mac.finalize().into_bytes(), &mut hex).expect("64 bytes hold a SHA-256");
    hex
}

/// `HMAC(kSigning, ·)` ready to absorb a string to sign, where
/// `kSigning = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")`.
fn derive_mac(secret_key: &str, date: &str, service: &str) -> HmacSha256 {
    // HMAC keys longer than a block are hashed first, so the key cannot be streamed in pieces:
    // "TC3" + SecretKey is built once, on a cache miss.
    let mut seed = Vec::with_capacity(3 + secret_key.len());
    seed.extend_from_slice(b"TC3");
    seed.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac(&seed, date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    let k_signing = hmac(&k_service, b"tc3_request");
    HmacSha256::new_from_slice(&k_signing).expect("HMAC accepts keys of any length")
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `YYYY-MM-DD` (UTC) of a Unix timestamp, on the stack: the date of the credential scope.
struct UtcDate([u8; 10]);

impl UtcDate {
    fn of(timestamp: i64) -> Self {
        let date = time::OffsetDateTime::from_unix_timestamp(timestamp)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
            .date();
        // Years outside 0..=9999 cannot be signed meaningfully; clamp to four digits.
        let year = date.year().clamp(0, 9999) as u32;
        let month = u32::from(u8::from(date.month()));
        let day = u32::from(date.day());
        let digit = |n: u32| b'0' + (n % 10) as u8;
        Self([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("digits and dashes")
    }
}

/// An `i64` in decimal, on the stack (the timestamp of the string to sign).
struct Decimal {
    digits: [u8; 20],
    start: usize,
}

impl Decimal {
    fn of(value: i64) -> Self {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        let mut rest = value.unsigned_abs();
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if value < 0 {
            start -= 1;
            digits[start] = b'-';
        }
        Self { digits, start }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.digits[self.start..]
    }
}

/// Derived keys, cached per (secret key, date, service): the three HMACs of the key derivation run
/// once a day per service instead of on every call. What is cached is the HMAC state with the key
/// pads already absorbed, so a signature costs no key setup either.
#[derive(Debug, Default)]
pub struct KeyCache {
    entries: Mutex<Vec<CachedKey>>,
}

struct CachedKey {
    secret_key: super::super::SensitiveString,
    date: [u8; 10],
    service: String,
    mac: HmacSha256,
}

impl std::fmt::Debug for CachedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedKey")
            .field("date", &String::from_utf8_lossy(&self.date))
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

const MAX_CACHED_KEYS: usize = 8;

impl KeyCache {
    /// The keyed HMAC of `kSigning`, derived on a miss.
    fn mac(&self, secret_key: &str, date: &str, service: &str) -> HmacSha256 {
        let date_bytes: [u8; 10] = date.as_bytes().try_into().expect("YYYY-MM-DD");
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(hit) = entries.iter().find(|e| {
            e.date == date_bytes && e.service == service && e.secret_key.expose() == secret_key
        }) {
            return hit.mac.clone();
        }
        let mac = derive_mac(secret_key, date, service);
        // Keys of other days are dead.
        entries.retain(|e| e.date == date_bytes);
        if entries.len() >= MAX_CACHED_KEYS {
            entries.remove(0);
        }
        entries.push(CachedKey {
            secret_key: super::super::SensitiveString::new(secret_key),
            date: date_bytes,
            service: service.to_owned(),
            mac: mac.clone(),
        });
        mac
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Published vector (PROTOCOLS.md, "Tencent API 3.0 — TC3-HMAC-SHA256").
    const PAYLOAD: &str =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
    const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    const MASKED_SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3*******";

    fn vector_request() -> Tc3Request<'static> {
        Tc3Request {
            method: "POST",
            canonical_query: "",
            content_type: "application/json; charset=utf-8",
            host: "cvm.tencentcloudapi.com",
            payload: PAYLOAD.as_bytes(),
            timestamp: 1551113065,
            service: "cvm",
        }
    }

    fn header(signature: &str) -> String {
        format!(
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
             SignedHeaders=content-type;host, Signature={signature}"
        )
    }

    #[test]
    fn published_vector() {
        let request = vector_request();
        // The intermediate hashes, from the very steps `sign` runs.
        let payload = hashed_payload(request.payload);
        assert_eq!(
            &payload,
            b"35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        assert_eq!(
            &hashed_canonical_request(&request, &payload),
            b"5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
        assert_eq!(
            sign(&request, SECRET_ID, SECRET_KEY, &KeyCache::default()),
            header("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")
        );
    }

    #[test]
    fn published_vector_with_masked_key() {
        assert_eq!(
            sign(
                &vector_request(),
                SECRET_ID,
                MASKED_SECRET_KEY,
                &KeyCache::default()
            ),
            header("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")
        );
    }

    #[test]
    fn the_cache_signs_like_a_fresh_derivation_and_keeps_keys_apart() {
        let cache = KeyCache::default();
        let request = vector_request();
        let fresh = sign(&request, SECRET_ID, SECRET_KEY, &cache);
        // A hit signs identically.
        assert_eq!(sign(&request, SECRET_ID, SECRET_KEY, &cache), fresh);
        assert_eq!(cache.len(), 1);
        // Another secret on the same cache gets its own key.
        assert_eq!(
            sign(&request, SECRET_ID, MASKED_SECRET_KEY, &cache),
            header("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")
        );
        assert_eq!(sign(&request, SECRET_ID, SECRET_KEY, &cache), fresh);
        assert_eq!(cache.len(), 2);
        // Another service and another day: other keys, and the day's change drops the old ones.
        let other_service = Tc3Request {
            service: "ecm",
            ..request
        };
        assert_eq!(
            sign(&other_service, SECRET_ID, SECRET_KEY, &cache),
            sign(&other_service, SECRET_ID, SECRET_KEY, &KeyCache::default())
        );
        assert_eq!(cache.len(), 3);
        let next_day = Tc3Request {
            timestamp: request.timestamp + 86_400,
            ..request
        };
        let signed = sign(&next_day, SECRET_ID, SECRET_KEY, &cache);
        assert!(signed.contains("/2019-02-26/cvm/tc3_request"));
        assert_eq!(
            signed,
            sign(&next_day, SECRET_ID, SECRET_KEY, &KeyCache::default())
        );
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn header_values_are_signed_trimmed_and_lower_cased() {
        let shouting = Tc3Request {
            content_type: "Application/JSON; charset=UTF-8",
            host: " CVM.TencentCloudAPI.com ",
            ..vector_request()
        };
        let plain = Tc3Request {
            content_type: "application/json; charset=utf-8",
            ..vector_request()
        };
        assert_eq!(
            sign(&shouting, SECRET_ID, SECRET_KEY, &KeyCache::default()),
            sign(&plain, SECRET_ID, SECRET_KEY, &KeyCache::default())
        );
        let long_host = "A".repeat(150);
        let request = Tc3Request {
            host: &long_host,
            ..vector_request()
        };
        let lower = "a".repeat(150);
        let lowered = Tc3Request {
            host: &lower,
            ..vector_request()
        };
        assert_eq!(
            hashed_canonical_request(&request, &[b'0'; 64]),
            hashed_canonical_request(&lowered, &[b'0'; 64])
        );
    }

    #[test]
    fn dates_and_timestamps_format_on_the_stack() {
        for (timestamp, date) in [
            (0, "1970-01-01"),
            (1551113065, "2019-02-25"),
            (951_782_400, "2000-02-29"),
            (1_700_000_000, "2023-11-14"),
            (1_704_067_199, "2023-12-31"),
            (1_704_067_200, "2024-01-01"),
            (-1, "1969-12-31"),
        ] {
            assert_eq!(UtcDate::of(timestamp).as_str(), date, "{timestamp}");
        }
        for value in [0, 7, 10, 1551113065, -42, i64::MAX, i64::MIN] {
            assert_eq!(Decimal::of(value).as_bytes(), value.to_string().as_bytes());
        }
    }
}
