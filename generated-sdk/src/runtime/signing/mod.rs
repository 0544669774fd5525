//! Signers and the assembly of signed HTTP requests, per protocol.

pub mod qingcloud;
pub mod tc3;
pub mod v1;

use super::credentials::Credentials;
use super::transport::{HttpMethod, HttpRequest};
use super::{ActionMetadata, Protocol};
pub use v1::HmacAlgorithm;

/// How Tencent Cloud API 3.0 requests are signed (the legacy API and QingCloud take only the
/// algorithm and HTTP method of [`SigningMethod::V1`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SigningMethod {
    /// TC3-HMAC-SHA256 over a POST JSON body (API 3.0 default).
    #[default]
    Tc3,
    /// The v1 signature over form parameters.
    V1 {
        /// `HmacSHA1` or `HmacSHA256`.
        algorithm: HmacAlgorithm,
        /// GET (query string) or POST (form body).
        http_method: HttpMethod,
    },
}

/// The request body before signing (kept across attempts: each attempt signs a copy).
#[derive(Clone)]
pub(crate) enum Payload {
    /// The JSON body (TC3).
    Json(Vec<u8>),
    /// Flattened form parameters (v1, legacy, QingCloud).
    Form(Vec<(String, String)>),
}

/// Where a request goes: `scheme://host` plus the service path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub scheme: String,
    /// `host` or `host:port`, as sent in the `Host` header and signed.
    pub host: String,
    pub path: String,
}

impl Endpoint {
    fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, self.path)
    }
}

/// Everything the signers need for one attempt.
pub(crate) struct SignInput<'a> {
    pub action: &'static ActionMetadata,
    pub region: Option<&'a str>,
    /// `None` for an unsigned action ([`ActionMetadata::unsigned`]).
    pub credentials: Option<&'a Credentials>,
    pub endpoint: &'a Endpoint,
    pub method: SigningMethod,
    pub timestamp: i64,
    pub nonce: u64,
    pub language: Option<&'a str>,
    pub request_client: &'a str,
    pub key_cache: &'a tc3::KeyCache,
}

/// Whether an action's request body is JSON (TC3, and every unsigned action) or form parameters,
/// under a signing method.
pub(crate) fn wants_json(action: &ActionMetadata, method: SigningMethod) -> bool {
    action.unsigned
        || (action.service.protocol == Protocol::TencentApi3 && method == SigningMethod::Tc3)
}

/// Builds the signed HTTP request (an unsigned one, `Authorization: SKIP`, without credentials).
pub(crate) fn sign(input: &SignInput<'_>, payload: Payload) -> HttpRequest {
    let Some(credentials) = input.credentials else {
        let body = match payload {
            Payload::Json(body) => body,
            // Not produced (`wants_json` is true for unsigned actions); kept total all the same.
            Payload::Form(params) => serde_json::to_vec(
                &params
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::String(v)))
                    .collect::<serde_json::Map<String, serde_json::Value>>(),
            )
            .unwrap_or_default(),
        };
        return tc3_request(input, None, body);
    };
    match (input.action.service.protocol, payload) {
        (Protocol::TencentApi3, Payload::Json(body)) => tc3_request(input, Some(credentials), body),
        (Protocol::Qingcloud, Payload::Form(params)) => sign_qingcloud(input, credentials, params),
        (_, Payload::Form(params)) => sign_v1(input, credentials, params),
        // A JSON payload is only produced for TC3 (see `wants_json`); flatten it for the others.
        (_, Payload::Json(body)) => {
            let style = super::encode::FormStyle::of(input.action.service.protocol);
            let value: serde_json::Value =
                serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
            let mut params = Vec::new();
            super::encode::flatten_value(&value, &mut String::new(), style, &mut params);
            sign(input, Payload::Form(params))
        }
    }
}

const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A TC3 request: signed with `credentials`, or unsigned (`Authorization: SKIP`, no token).
fn tc3_request(
    input: &SignInput<'_>,
    credentials: Option<&Credentials>,
    body: Vec<u8>,
) -> HttpRequest {
    let meta = input.action;
    let request = tc3::Tc3Request {
        method: "POST",
        canonical_query: "",
        content_type: JSON_CONTENT_TYPE,
        host: &input.endpoint.host,
        payload: &body,
        timestamp: input.timestamp,
        service: meta.service.signing_name,
    };
    let authorization = match credentials {
        Some(credentials) => tc3::sign(
            &request,
            credentials.secret_id(),
            credentials.secret_key(),
            input.key_cache,
        ),
        None => "SKIP".to_owned(),
    };
    let mut headers = vec![
        ("Authorization".to_owned(), authorization),
        ("Content-Type".to_owned(), JSON_CONTENT_TYPE.to_owned()),
        ("Host".to_owned(), input.endpoint.host.clone()),
        ("X-TC-Action".to_owned(), meta.action.to_owned()),
        ("X-TC-Version".to_owned(), meta.service.version.to_owned()),
        ("X-TC-Timestamp".to_owned(), input.timestamp.to_string()),
        (
            "X-TC-RequestClient".to_owned(),
            input.request_client.to_owned(),
        ),
    ];
    if let Some(region) = input.region {
        headers.push(("X-TC-Region".to_owned(), region.to_owned()));
    }
    if let Some(token) = credentials.and_then(Credentials::token) {
        headers.push(("X-TC-Token".to_owned(), token.to_owned()));
    }
    if let Some(language) = input.language {
        headers.push(("X-TC-Language".to_owned(), language.to_owned()));
    }
    HttpRequest::new(HttpMethod::Post, input.endpoint.url(), headers, body)
}

fn v1_choice(
    method: SigningMethod,
    default_algorithm: HmacAlgorithm,
    default_method: HttpMethod,
) -> (HmacAlgorithm, HttpMethod) {
    match method {
        SigningMethod::V1 {
            algorithm,
            http_method,
        } => (algorithm, http_method),
        SigningMethod::Tc3 => (default_algorithm, default_method),
    }
}

fn sign_v1(
    input: &SignInput<'_>,
    credentials: &Credentials,
    mut params: Vec<(String, String)>,
) -> HttpRequest {
    let meta = input.action;
    let (algorithm, http_method) =
        v1_choice(input.method, HmacAlgorithm::HmacSha1, HttpMethod::Post);
    params.push(("Action".to_owned(), meta.action.to_owned()));
    if !meta.service.version.is_empty() {
        params.push(("Version".to_owned(), meta.service.version.to_owned()));
    }
    if let Some(region) = input.region {
        params.push(("Region".to_owned(), region.to_owned()));
    }
    params.push(("Timestamp".to_owned(), input.timestamp.to_string()));
    params.push(("Nonce".to_owned(), input.nonce.to_string()));
    params.push(("SecretId".to_owned(), credentials.secret_id().to_owned()));
    // Always explicit (the official SDKs do the same); absent would mean HmacSHA1.
    params.push(("SignatureMethod".to_owned(), algorithm.as_str().to_owned()));
    if let Some(token) = credentials.token() {
        params.push(("Token".to_owned(), token.to_owned()));
    }
    if let (Some(language), Protocol::TencentApi3) = (input.language, meta.service.protocol) {
        params.push(("Language".to_owned(), language.to_owned()));
    }
    params.sort();
    let to_sign = v1::string_to_sign(
        http_method.as_str(),
        &input.endpoint.host,
        &input.endpoint.path,
        &params,
    );
    let signature = algorithm.sign_base64(credentials.secret_key(), &to_sign);
    params.push(("Signature".to_owned(), signature));
    // On the wire the whole parameter set, Signature included, is URL-encoded.
    wire_request(input, http_method, qingcloud::canonical_query(&params))
}

fn sign_qingcloud(
    input: &SignInput<'_>,
    credentials: &Credentials,
    mut params: Vec<(String, String)>,
) -> HttpRequest {
    let meta = input.action;
    let (algorithm, http_method) =
        v1_choice(input.method, HmacAlgorithm::HmacSha256, HttpMethod::Get);
    params.push((
        "access_key_id".to_owned(),
        credentials.secret_id().to_owned(),
    ));
    params.push(("action".to_owned(), meta.action.to_owned()));
    params.push(("signature_method".to_owned(), algorithm.as_str().to_owned()));
    params.push(("signature_version".to_owned(), "1".to_owned()));
    params.push((
        "version".to_owned(),
        if meta.service.version.is_empty() {
            "1"
        } else {
            meta.service.version
        }
        .to_owned(),
    ));
    params.push(("time_stamp".to_owned(), iso8601(input.timestamp)));
    if let Some(zone) = input.region {
        params.push(("zone".to_owned(), zone.to_ascii_lowercase()));
    }
    // QingCloud's documented common params have no session token: a token is not sent.
    params.sort();
    let query = qingcloud::canonical_query(&params);
    let to_sign = qingcloud::string_to_sign(http_method.as_str(), &input.endpoint.path, &query);
    let signature = algorithm.sign_base64(credentials.secret_key(), &to_sign);
    let encoded = format!("{query}&signature={}", qingcloud::encode(&signature));
    wire_request(input, http_method, encoded)
}

/// A form-encoded request on the wire: the encoded parameters as the query (GET) or the body (POST).
fn wire_request(input: &SignInput<'_>, method: HttpMethod, encoded: String) -> HttpRequest {
    let host = ("Host".to_owned(), input.endpoint.host.clone());
    match method {
        HttpMethod::Get => HttpRequest::new(
            method,
            format!("{}?{encoded}", input.endpoint.url()),
            vec![host],
            Vec::new(),
        ),
        HttpMethod::Post => HttpRequest::new(
            method,
            input.endpoint.url(),
            vec![
                host,
                ("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
            ],
            encoded.into_bytes(),
        ),
    }
}

/// `YYYY-MM-DDThh:mm:ssZ` (UTC), QingCloud's `time_stamp`.
pub fn iso8601(timestamp: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(timestamp)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::test_fixtures::action;
    use crate::runtime::ServiceMetadata;

    #[test]
    fn iso8601_of_the_qingcloud_vector() {
        // 2013-08-27T14:30:10Z
        assert_eq!(iso8601(1377613810), "2013-08-27T14:30:10Z");
    }

    /// The published vectors (PROTOCOLS.md), through the very entry point the client calls.
    fn sign_with(
        action: &'static ActionMetadata,
        region: Option<&str>,
        credentials: &Credentials,
        method: SigningMethod,
        timestamp: i64,
        nonce: u64,
        payload: Payload,
    ) -> HttpRequest {
        let endpoint = Endpoint {
            scheme: "https".into(),
            host: action.service.host.into(),
            path: action.service.path.into(),
        };
        sign(
            &SignInput {
                action,
                region,
                credentials: Some(credentials),
                endpoint: &endpoint,
                method,
                timestamp,
                nonce,
                language: None,
                request_client: "test",
                key_cache: &tc3::KeyCache::default(),
            },
            payload,
        )
    }

    static DESCRIBE_INSTANCES: ActionMetadata = action("DescribeInstances", true, false);

    #[test]
    fn the_client_signs_the_published_tc3_vectors() {
        const PAYLOAD: &str = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        for (secret_key, signature) in [
            (
                "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            ),
            (
                "Gu5t9xGARNpq86cd98joQYCN3*******",
                "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
            ),
        ] {
            let request = sign_with(
                &DESCRIBE_INSTANCES,
                Some("ap-guangzhou"),
                &Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", secret_key),
                SigningMethod::Tc3,
                1551113065,
                1,
                Payload::Json(PAYLOAD.as_bytes().to_vec()),
            );
            assert_eq!(
                request.header("authorization").unwrap(),
                format!(
                    "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
                     SignedHeaders=content-type;host, Signature={signature}"
                )
            );
            assert_eq!(
                request.header("content-type"),
                Some("application/json; charset=utf-8")
            );
            assert_eq!(request.header("host"), Some("cvm.tencentcloudapi.com"));
            assert_eq!(request.header("x-tc-timestamp"), Some("1551113065"));
            assert_eq!(request.header("x-tc-action"), Some("DescribeInstances"));
            assert_eq!(request.body, PAYLOAD.as_bytes());
        }
    }

    static LEGACY: ServiceMetadata = ServiceMetadata {
        name: "cvm-legacy",
        signing_name: "cvm",
        // The published legacy vectors sign a Version param.
        version: "2017-03-12",
        protocol: Protocol::TencentLegacyV2,
        host: "cvm.api.qcloud.com",
        regional_host: None,
        path: "/v2/index.php",
        regional_only: &[],
        regions: &[],
    };

    static LEGACY_DESCRIBE_INSTANCES: ActionMetadata = ActionMetadata {
        service: &LEGACY,
        ..action("DescribeInstances", true, false)
    };

    #[test]
    fn the_client_signs_the_published_legacy_vectors() {
        let credentials = Credentials::new("secretIdFoo", "secretKeyBar");
        for (algorithm, http_method, signature) in [
            (
                HmacAlgorithm::HmacSha1,
                HttpMethod::Post,
                "p3n%2BpxBqF5JGZtDSxoVn5tGngf0%3D",
            ),
            (
                HmacAlgorithm::HmacSha1,
                HttpMethod::Get,
                "5HAq1BOKNLEE2%2FuauWnp6Zv9Z3c%3D",
            ),
            (
                HmacAlgorithm::HmacSha256,
                HttpMethod::Post,
                "B2T37FRSP6Fk0%2Fq%2FcdfrTE0p3zX5ooB%2F2BPWZUFpsj4%3D",
            ),
        ] {
            let request = sign_with(
                &LEGACY_DESCRIBE_INSTANCES,
                Some("ap-guangzhou"),
                &credentials,
                SigningMethod::V1 {
                    algorithm,
                    http_method,
                },
                1512393162,
                1290303896666895346,
                Payload::Form(Vec::new()),
            );
            let form = match http_method {
                HttpMethod::Get => request.url.split_once('?').unwrap().1.to_owned(),
                HttpMethod::Post => String::from_utf8(request.body.clone()).unwrap(),
            };
            assert!(
                form.contains(&format!("Signature={signature}")),
                "{algorithm:?} {http_method:?}: {form}"
            );
        }
    }

    static QINGCLOUD: ServiceMetadata = ServiceMetadata {
        name: "qingcloud",
        signing_name: "qingcloud",
        version: "1",
        protocol: Protocol::Qingcloud,
        host: "api.qingcloud.com",
        regional_host: None,
        path: "/iaas/",
        regional_only: &[],
        regions: &[],
    };

    static QINGCLOUD_RUN_INSTANCES: ActionMetadata = ActionMetadata {
        service: &QINGCLOUD,
        ..action("RunInstances", false, false)
    };

    #[test]
    fn the_client_signs_the_published_qingcloud_vectors() {
        let params: Vec<(String, String)> = [
            ("count", "1"),
            ("image_id", "centos64x86a"),
            ("instance_name", "demo"),
            ("instance_type", "small_b"),
            ("login_mode", "passwd"),
            ("login_passwd", "QingCloud20130712"),
            ("vxnets.1", "vxnet-0"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (zone, signature) in [
            ("PEK3A", "byjccvWIvAftaq%2BoublemagH3bYAlDWxxLFAzAsyslw%3D"),
            ("pek1", "32bseYy39DOlatuewpeuW5vpmW51sD1A%2FJdGynqSpP8%3D"),
        ] {
            let request = sign_with(
                &QINGCLOUD_RUN_INSTANCES,
                Some(zone),
                &Credentials::new("QYACCESSKEYIDEXAMPLE", "SECRETACCESSKEY"),
                SigningMethod::Tc3,
                1377613810,
                1,
                Payload::Form(params.clone()),
            );
            assert_eq!(request.method, HttpMethod::Get);
            assert!(
                request.url.ends_with(&format!("&signature={signature}")),
                "{zone}: {}",
                request.url
            );
        }
    }
}
