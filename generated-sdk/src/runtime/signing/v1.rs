//! The v1 signature (HmacSHA1 / HmacSHA256) of Tencent Cloud API 3.0 and of the legacy API (v2).

use base64::Engine as _;
use hmac::{Hmac, Mac};

/// The HMAC of a v1 or QingCloud signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HmacAlgorithm {
    /// `HmacSHA1` (the v1 default when `SignatureMethod` is absent).
    #[default]
    HmacSha1,
    /// `HmacSHA256`.
    HmacSha256,
}

impl HmacAlgorithm {
    /// The wire name: `HmacSHA1` or `HmacSHA256`.
    pub fn as_str(self) -> &'static str {
        match self {
            HmacAlgorithm::HmacSha1 => "HmacSHA1",
            HmacAlgorithm::HmacSha256 => "HmacSHA256",
        }
    }

    /// Base64 of the HMAC of `data` keyed with `key`.
    pub(crate) fn sign_base64(self, key: &str, data: &str) -> String {
        let engine = base64::engine::general_purpose::STANDARD;
        match self {
            HmacAlgorithm::HmacSha1 => {
                let mut mac =
                    Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).expect("any key length");
                mac.update(data.as_bytes());
                engine.encode(mac.finalize().into_bytes())
            }
            HmacAlgorithm::HmacSha256 => {
                let mut mac =
                    Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
                mac.update(data.as_bytes());
                engine.encode(mac.finalize().into_bytes())
            }
        }
    }
}

/// `METHOD + host + path + "?" + k=v&...` over params sorted by key (byte order), values raw.
pub fn string_to_sign(
    method: &str,
    host: &str,
    path: &str,
    sorted_params: &[(String, String)],
) -> String {
    let len: usize = sorted_params
        .iter()
        .map(|(k, v)| k.len() + v.len() + 2)
        .sum();
    let mut out = String::with_capacity(method.len() + host.len() + path.len() + 1 + len);
    out.push_str(method);
    out.push_str(host);
    out.push_str(path);
    out.push('?');
    for (i, (k, v)) in sorted_params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<_> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn api3_published_vector() {
        // "Signature" section of cvm-2017-03-12-api-reference.md (value repaired per PROTOCOLS.md).
        let p = params(&[
            ("Action", "DescribeInstances"),
            ("InstanceIds.0", "ins-09dx96dg"),
            ("Limit", "20"),
            ("Nonce", "11886"),
            ("Offset", "0"),
            ("Region", "ap-guangzhou"),
            ("SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"),
            ("Timestamp", "1465185768"),
            ("Version", "2017-03-12"),
        ]);
        let s = string_to_sign("GET", "cvm.tencentcloudapi.com", "/", &p);
        assert_eq!(
            s,
            "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12"
        );
        assert_eq!(
            HmacAlgorithm::HmacSha1.sign_base64("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", &s),
            "EliP9YW3pW28FpsEdkXt/+WcGeI="
        );
    }

    fn legacy(extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut base = vec![
            ("SecretId", "secretIdFoo"),
            ("Region", "ap-guangzhou"),
            ("Nonce", "1290303896666895346"),
            ("Timestamp", "1512393162"),
            ("Action", "DescribeInstances"),
            ("Version", "2017-03-12"),
        ];
        base.extend_from_slice(extra);
        params(&base)
    }

    /// The published HmacSHA1 vectors sign `SignatureMethod=HmacSHA1` too (as the official SDKs send
    /// it); PROTOCOLS.md lists it only for HmacSHA256. The runtime always sends it.
    #[test]
    fn legacy_published_vectors() {
        let host = "cvm.api.qcloud.com";
        let sha1 = [("SignatureMethod", "HmacSHA1")];
        let post = string_to_sign("POST", host, "/v2/index.php", &legacy(&sha1));
        assert_eq!(
            HmacAlgorithm::HmacSha1.sign_base64("secretKeyBar", &post),
            "p3n+pxBqF5JGZtDSxoVn5tGngf0="
        );
        let get = string_to_sign("GET", host, "/v2/index.php", &legacy(&sha1));
        assert_eq!(
            HmacAlgorithm::HmacSha1.sign_base64("secretKeyBar", &get),
            "5HAq1BOKNLEE2/uauWnp6Zv9Z3c="
        );
        let sha256 = string_to_sign(
            "POST",
            host,
            "/v2/index.php",
            &legacy(&[("SignatureMethod", "HmacSHA256")]),
        );
        assert_eq!(
            HmacAlgorithm::HmacSha256.sign_base64("secretKeyBar", &sha256),
            "B2T37FRSP6Fk0/q/cdfrTE0p3zX5ooB/2BPWZUFpsj4="
        );
    }
}
