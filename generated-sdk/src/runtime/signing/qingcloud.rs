//! QingCloud IaaS signature (signature_version 1).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// RFC 3986: everything but `A-Z a-z 0-9 - _ . ~` is percent-encoded (space as `%20`, upper-case hex).
pub const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes per RFC 3986.
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, RFC3986).to_string()
}

/// `k=v&...` over params sorted by name (byte order), names and values RFC 3986-encoded.
pub fn canonical_query(sorted_params: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in sorted_params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(k, RFC3986));
        out.push('=');
        out.extend(utf8_percent_encode(v, RFC3986));
    }
    out
}

/// `METHOD\n<path>\n<canonical query>`.
pub fn string_to_sign(method: &str, path: &str, canonical_query: &str) -> String {
    format!("{method}\n{path}\n{canonical_query}")
}

#[cfg(test)]
mod tests {
    use super::super::v1::HmacAlgorithm;
    use super::*;

    fn vector(zone: &str) -> String {
        let mut p: Vec<(String, String)> = [
            ("access_key_id", "QYACCESSKEYIDEXAMPLE"),
            ("action", "RunInstances"),
            ("count", "1"),
            ("image_id", "centos64x86a"),
            ("instance_name", "demo"),
            ("instance_type", "small_b"),
            ("login_mode", "passwd"),
            ("login_passwd", "QingCloud20130712"),
            ("signature_method", "HmacSHA256"),
            ("signature_version", "1"),
            ("time_stamp", "2013-08-27T14:30:10Z"),
            ("version", "1"),
            ("vxnets.1", "vxnet-0"),
            ("zone", zone),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        p.sort();
        let query = canonical_query(&p);
        HmacAlgorithm::HmacSha256
            .sign_base64("SECRETACCESSKEY", &string_to_sign("GET", "/iaas/", &query))
    }

    #[test]
    fn published_vectors() {
        let pek3a = vector("pek3a");
        assert_eq!(pek3a, "byjccvWIvAftaq+oublemagH3bYAlDWxxLFAzAsyslw=");
        assert_eq!(
            encode(&pek3a),
            "byjccvWIvAftaq%2BoublemagH3bYAlDWxxLFAzAsyslw%3D"
        );
        assert_eq!(
            vector("pek1"),
            "32bseYy39DOlatuewpeuW5vpmW51sD1A/JdGynqSpP8="
        );
    }

    #[test]
    fn encodes_per_rfc3986() {
        assert_eq!(encode("a b~c*d/é"), "a%20b~c%2Ad%2F%C3%A9");
        assert_eq!(encode("2013-08-27T14:30:10Z"), "2013-08-27T14%3A30%3A10Z");
    }
}
