//! The mock checks signatures with its own reading of the signing rules, not with the client's
//! signer: a request from a deliberately broken signer (written below, per protocol) is refused with
//! a message naming the rule it broke, while the client's own request is accepted.
//!
//! Each broken signer is first run without its bug and must then reproduce the client's signature
//! exactly, so what the mock refuses is the bug and nothing else.

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::mock::{verify_signature, MockCloud, MOCK_SECRET_ID, MOCK_SECRET_KEY};
use generated_sdk::runtime::{
    http, testing, HmacAlgorithm, HttpMethod, HttpRequest, HttpTransport, SigningMethod,
    TransportFuture,
};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Forwards to the mock and keeps what the client sent.
#[derive(Debug, Clone)]
struct Recording {
    mock: MockCloud,
    sent: Arc<Mutex<Vec<HttpRequest>>>,
}

impl HttpTransport for Recording {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        self.sent.lock().unwrap().push(request.clone());
        self.mock.send(request)
    }
}

impl Recording {
    fn new(mock: &MockCloud) -> Self {
        Self {
            mock: mock.clone(),
            sent: Arc::default(),
        }
    }

    fn last(&self) -> HttpRequest {
        self.sent
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a request")
    }
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> &'a str {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

fn set_header(request: &mut HttpRequest, name: &str, value: String) {
    let name = http::HeaderName::try_from(name).expect("a header name");
    request
        .headers_mut()
        .insert(name, value.try_into().expect("a header value"));
}

/// What the mock answers to `request`: `Ok(body)` or the message of its signature failure.
async fn mock_answer(mock: &MockCloud, request: HttpRequest) -> Result<Value, String> {
    let response = mock.send(request).await.expect("the mock always answers");
    let body: Value = serde_json::from_slice(response.body()).expect("a JSON body");
    let (code, message) = if let Some(error) = body["Response"].get("Error") {
        (
            error["Code"].as_str().unwrap_or_default().to_owned(),
            error["Message"].as_str().unwrap_or_default().to_owned(),
        )
    } else if body["ret_code"].as_i64().is_some_and(|c| c != 0) {
        // QingCloud's envelope: "<code>, <message>".
        let message = body["message"].as_str().unwrap_or_default();
        let (code, message) = message.split_once(", ").unwrap_or(("", message));
        (code.to_owned(), message.to_owned())
    } else {
        return Ok(body);
    };
    // Each protocol's authentication failure: API 3.0's code, QingCloud's 1200.
    assert!(
        ["AuthFailure.SignatureFailure", "1200"].contains(&code.as_str()),
        "{body}"
    );
    Err(message)
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hmac_sha1(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

// ---- TC3 ----

/// Mistakes a TC3 signer can make.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tc3Bug {
    None,
    /// `host` before `content-type` in the canonical headers, SignedHeaders left as is.
    HeadersInWrongOrder,
    /// `host;content-type` in both the canonical request and SignedHeaders.
    SignedHeadersInWrongOrder,
    /// The scope's date taken in Beijing time (UTC+8) instead of UTC.
    BeijingDateInScope,
    /// The signature hex-encoded in upper case.
    UpperCaseSignature,
    /// The payload hash hex-encoded in upper case inside the canonical request.
    UpperCasePayloadHash,
    /// The key derivation seeded with the bare SecretKey (no `TC3` prefix).
    KeyWithoutTc3Prefix,
    /// The hash of an empty payload instead of the body's.
    BodyNotHashed,
    /// The credential scope without its `/tc3_request` terminator.
    ScopeWithoutTerminator,
}

/// A TC3 signer written in the test from the protocol description, with one optional bug.
fn broken_tc3_authorization(request: &HttpRequest, service: &str, bug: Tc3Bug) -> String {
    let content_type = header(request, "content-type");
    let host = header(request, "host");
    let timestamp: i64 = header(request, "x-tc-timestamp").parse().unwrap();
    let offset = if bug == Tc3Bug::BeijingDateInScope {
        8 * 3600
    } else {
        0
    };
    let date = time::OffsetDateTime::from_unix_timestamp(timestamp + offset)
        .unwrap()
        .date();
    let date = format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    let payload: &[u8] = if bug == Tc3Bug::BodyNotHashed {
        b""
    } else {
        request.body()
    };
    let mut hashed_payload = hex::encode(Sha256::digest(payload));
    if bug == Tc3Bug::UpperCasePayloadHash {
        hashed_payload = hashed_payload.to_ascii_uppercase();
    }
    let (canonical_headers, signed_headers) = match bug {
        Tc3Bug::HeadersInWrongOrder => (
            format!("host:{host}\ncontent-type:{content_type}\n"),
            "content-type;host",
        ),
        Tc3Bug::SignedHeadersInWrongOrder => (
            format!("host:{host}\ncontent-type:{content_type}\n"),
            "host;content-type",
        ),
        _ => (
            format!("content-type:{content_type}\nhost:{host}\n"),
            "content-type;host",
        ),
    };
    let canonical_request =
        format!("POST\n/\n\n{canonical_headers}\n{signed_headers}\n{hashed_payload}");
    let scope = if bug == Tc3Bug::ScopeWithoutTerminator {
        format!("{date}/{service}")
    } else {
        format!("{date}/{service}/tc3_request")
    };
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let seed = if bug == Tc3Bug::KeyWithoutTc3Prefix {
        MOCK_SECRET_KEY.to_owned()
    } else {
        format!("TC3{MOCK_SECRET_KEY}")
    };
    let k_date = hmac_sha256(seed.as_bytes(), date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"tc3_request");
    let mut signature = hex::encode(hmac_sha256(&k_signing, string_to_sign.as_bytes()));
    if bug == Tc3Bug::UpperCaseSignature {
        signature = signature.to_ascii_uppercase();
    }
    format!(
        "TC3-HMAC-SHA256 Credential={MOCK_SECRET_ID}/{scope}, SignedHeaders={signed_headers}, Signature={signature}"
    )
}

#[tokio::test]
async fn tc3_the_clients_request_passes_a_broken_signers_does_not() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    let recording = Recording::new(&mock);
    let client = cvm::Client::new(mock.config().transport(recording.clone()));
    let zones = client.describe_zones().send().await.unwrap();
    assert_eq!(zones.total_count, Some(3));
    let sent = recording.last();
    verify_signature(&cvm::SERVICE, &sent, MOCK_SECRET_ID, MOCK_SECRET_KEY).unwrap();
    // Without its bug the test's signer signs exactly like the client.
    assert_eq!(
        broken_tc3_authorization(&sent, "cvm", Tc3Bug::None),
        header(&sent, "authorization")
    );

    // A time at which Beijing is already a day ahead of UTC: 2023-11-14T22:13:20Z.
    let mut base = sent.clone();
    set_header(&mut base, "X-TC-Timestamp", "1700000000".to_owned());
    let expectations = [
        (Tc3Bug::None, None),
        (Tc3Bug::HeadersInWrongOrder, Some("TC3 signature mismatch")),
        (
            Tc3Bug::SignedHeadersInWrongOrder,
            Some("SignedHeaders `host;content-type` must be in ascending order"),
        ),
        (
            Tc3Bug::BeijingDateInScope,
            Some("the credential scope date `2023-11-15` is not the UTC date of X-TC-Timestamp 1700000000 (`2023-11-14`)"),
        ),
        (Tc3Bug::UpperCaseSignature, Some("upper-case hex")),
        (Tc3Bug::UpperCasePayloadHash, Some("TC3 signature mismatch")),
        (Tc3Bug::KeyWithoutTc3Prefix, Some("TC3 signature mismatch")),
        (Tc3Bug::BodyNotHashed, Some("TC3 signature mismatch")),
        (
            Tc3Bug::ScopeWithoutTerminator,
            Some("is not SecretId/Date/Service/tc3_request"),
        ),
    ];
    for (bug, refusal) in expectations {
        let mut request = base.clone();
        set_header(
            &mut request,
            "Authorization",
            broken_tc3_authorization(&base, "cvm", bug),
        );
        let checked = verify_signature(&cvm::SERVICE, &request, MOCK_SECRET_ID, MOCK_SECRET_KEY);
        let answer = mock_answer(&mock, request).await;
        match refusal {
            None => {
                checked.unwrap();
                assert_eq!(answer.unwrap()["Response"]["TotalCount"], 3);
            }
            Some(expected) => {
                let message = answer.expect_err(&format!("{bug:?} must be refused"));
                assert!(message.contains(expected), "{bug:?}: {message}");
                assert_eq!(checked, Err(message), "{bug:?}");
            }
        }
    }
    // The mismatch message shows the canonical request the service expected.
    let mut request = base.clone();
    set_header(
        &mut request,
        "Authorization",
        broken_tc3_authorization(&base, "cvm", Tc3Bug::HeadersInWrongOrder),
    );
    let message = mock_answer(&mock, request).await.unwrap_err();
    assert!(
        message.contains(
            r"content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n"
        ),
        "{message}"
    );
    // Only the good calls reached an action.
    assert_eq!(mock.requests_of("DescribeZones").len(), 2);
}

// ---- v1 (HmacSHA1 / HmacSHA256 form signature) ----

/// Mistakes a v1 signer can make.
#[derive(Debug, Clone, Copy, PartialEq)]
enum V1Bug {
    None,
    /// Values URL-encoded in the string to sign (they are signed raw).
    EncodedValuesSigned,
    /// The path left out of the string to sign.
    PathLeftOut,
    /// HMAC-SHA1 while the request declares HmacSHA256.
    WrongHmac,
    /// Params in the order they were given instead of sorted.
    Unsorted,
}

fn form_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8()
        .unwrap()
        .into_owned()
}

fn form_encode(text: &str) -> String {
    const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string()
}

fn decode_form(encoded: &str) -> Vec<(String, String)> {
    encoded
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn encode_form(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A v1 signer written in the test: `METHOD + host + path + "?" + sorted raw k=v`, base64 HMAC.
fn broken_v1_signature(params: &[(String, String)], host: &str, path: &str, bug: V1Bug) -> String {
    let mut params: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    if bug != V1Bug::Unsorted {
        params.sort();
    }
    let path = if bug == V1Bug::PathLeftOut { "" } else { path };
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| {
            if bug == V1Bug::EncodedValuesSigned {
                format!("{k}={}", form_encode(v))
            } else {
                format!("{k}={v}")
            }
        })
        .collect();
    let to_sign = format!("POST{host}{path}?{}", query.join("&"));
    let sha256 = params
        .iter()
        .any(|(k, v)| k == "SignatureMethod" && v == "HmacSHA256");
    let mac = if sha256 && bug != V1Bug::WrongHmac {
        hmac_sha256(MOCK_SECRET_KEY.as_bytes(), to_sign.as_bytes())
    } else {
        hmac_sha1(MOCK_SECRET_KEY.as_bytes(), to_sign.as_bytes())
    };
    base64::engine::general_purpose::STANDARD.encode(mac)
}

#[tokio::test]
async fn v1_the_clients_request_passes_a_broken_signers_does_not() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    let recording = Recording::new(&mock);
    let client = cvm::Client::new(mock.config().transport(recording.clone()).signing(
        SigningMethod::v1(HmacAlgorithm::HmacSha256, HttpMethod::Post),
    ));
    client.describe_zones().send().await.unwrap();
    let sent = recording.last();
    verify_signature(&cvm::SERVICE, &sent, MOCK_SECRET_ID, MOCK_SECRET_KEY).unwrap();
    let params = decode_form(std::str::from_utf8(sent.body()).unwrap());
    let signature = params
        .iter()
        .find(|(k, _)| k == "Signature")
        .map(|(_, v)| v.clone())
        .unwrap();
    let host = header(&sent, "host").to_owned();
    assert_eq!(
        broken_v1_signature(&params, &host, "/", V1Bug::None),
        signature
    );

    // Plus a param whose value changes when URL-encoded, all given out of order (Action last).
    let mut base: Vec<(String, String)> = params
        .into_iter()
        .filter(|(k, _)| k != "Signature")
        .collect();
    base.push(("Zone".to_owned(), "ap-guangzhou-3 / 未命名".to_owned()));
    base.rotate_left(1);
    assert_eq!(base.last().unwrap().0, "Action");
    for (bug, refusal) in [
        (V1Bug::None, None),
        (
            V1Bug::EncodedValuesSigned,
            Some("v1 signature mismatch (HmacSHA256)"),
        ),
        (
            V1Bug::PathLeftOut,
            Some("v1 signature mismatch (HmacSHA256)"),
        ),
        (V1Bug::WrongHmac, Some("v1 signature mismatch (HmacSHA256)")),
        (V1Bug::Unsorted, Some("v1 signature mismatch (HmacSHA256)")),
    ] {
        let mut params = base.clone();
        params.push((
            "Signature".to_owned(),
            broken_v1_signature(&base, &host, "/", bug),
        ));
        let mut request = sent.clone();
        *request.body_mut() = encode_form(&params).into();
        let checked = verify_signature(&cvm::SERVICE, &request, MOCK_SECRET_ID, MOCK_SECRET_KEY);
        let answer = mock_answer(&mock, request).await;
        match refusal {
            None => {
                checked.unwrap();
                answer.unwrap();
            }
            Some(expected) => {
                let message = answer.expect_err(&format!("{bug:?} must be refused"));
                assert!(message.contains(expected), "{bug:?}: {message}");
                assert_eq!(checked, Err(message), "{bug:?}");
            }
        }
    }
    assert_eq!(mock.requests_of("DescribeZones").len(), 2);
}

/// The mock refuses a request whose signature is right but whose SecretId is not its own, and one
/// signed for another service's scope.
#[tokio::test]
async fn the_mock_refuses_foreign_credentials_and_scopes() {
    let mock = MockCloud::new().with_service(&cvm::MOCK);
    let recording = Recording::new(&mock);
    let client = cvm::Client::new(mock.config().transport(recording.clone()));
    client.describe_zones().send().await.unwrap();
    let sent = recording.last();
    let other = testing::with_signing_name(&cvm::SERVICE, "ecm");
    let err = verify_signature(&other, &sent, MOCK_SECRET_ID, MOCK_SECRET_KEY).unwrap_err();
    assert!(
        err.contains("names service `cvm`, but this is `ecm`"),
        "{err}"
    );
    let err = verify_signature(&cvm::SERVICE, &sent, "AKIDother", MOCK_SECRET_KEY).unwrap_err();
    assert!(err.contains("is not the expected `AKIDother`"), "{err}");
    let err = verify_signature(&cvm::SERVICE, &sent, MOCK_SECRET_ID, "other key").unwrap_err();
    assert!(err.starts_with("TC3 signature mismatch"), "{err}");
}

// ---- QingCloud ----

#[cfg(feature = "qingcloud")]
mod qingcloud_signatures {
    use super::*;
    use generated_sdk::qingcloud;

    /// Mistakes a QingCloud signer can make.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum QingBug {
        None,
        /// Lower-case hex in percent-escapes (`%3a`).
        LowerCaseEscapes,
        /// A space encoded as `+` (form style) instead of `%20`.
        PlusForSpace,
        /// `/` instead of the service path `/iaas/`.
        WrongPath,
    }

    fn encode(text: &str, bug: QingBug) -> String {
        let encoded = form_encode(text);
        match bug {
            QingBug::LowerCaseEscapes => {
                let mut out = String::new();
                let mut rest = encoded.as_str();
                while let Some(i) = rest.find('%') {
                    out.push_str(&rest[..i]);
                    out.push('%');
                    out.push_str(&rest[i + 1..i + 3].to_ascii_lowercase());
                    rest = &rest[i + 3..];
                }
                out.push_str(rest);
                out
            }
            QingBug::PlusForSpace => encoded.replace("%20", "+"),
            _ => encoded,
        }
    }

    /// A QingCloud signer written in the test: `METHOD\n/iaas/\n<sorted RFC 3986 query>`,
    /// base64 HMAC-SHA256, the signature appended last. Returns the whole query.
    fn broken_query(params: &[(String, String)], bug: QingBug) -> String {
        let mut params: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k != "signature")
            .cloned()
            .collect();
        params.sort();
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k, bug), encode(v, bug)))
            .collect();
        let query = query.join("&");
        let path = if bug == QingBug::WrongPath {
            "/"
        } else {
            "/iaas/"
        };
        let to_sign = format!("GET\n{path}\n{query}");
        let signature = base64::engine::general_purpose::STANDARD
            .encode(hmac_sha256(MOCK_SECRET_KEY.as_bytes(), to_sign.as_bytes()));
        format!("{query}&signature={}", form_encode(&signature))
    }

    #[tokio::test]
    async fn qingcloud_the_clients_request_passes_a_broken_signers_does_not() {
        let mock = MockCloud::new().with_service(&qingcloud::MOCK);
        let recording = Recording::new(&mock);
        let client = qingcloud::Client::new(mock.config().transport(recording.clone()));
        client
            .run_instances()
            .image_id("centos64x86a")
            .instance_name("demo box")
            .login_mode(qingcloud::LoginMode::Passwd)
            .login_passwd("QingCloud20130712")
            .send()
            .await
            .unwrap();
        let sent = recording.last();
        verify_signature(&qingcloud::SERVICE, &sent, MOCK_SECRET_ID, MOCK_SECRET_KEY).unwrap();
        let uri = sent.uri().to_string();
        let (prefix, query) = uri.split_once('?').unwrap();
        let params = decode_form(query);
        assert_eq!(broken_query(&params, QingBug::None), query);

        for (bug, refusal) in [
            (QingBug::None, None),
            (
                QingBug::LowerCaseEscapes,
                Some("QingCloud signature mismatch (HmacSHA256)"),
            ),
            (
                QingBug::PlusForSpace,
                Some("QingCloud signature mismatch (HmacSHA256)"),
            ),
            (
                QingBug::WrongPath,
                Some("QingCloud signature mismatch (HmacSHA256)"),
            ),
        ] {
            let mut request = sent.clone();
            *request.uri_mut() = format!("{prefix}?{}", broken_query(&params, bug))
                .parse()
                .expect("a valid URI");
            let checked = verify_signature(
                &qingcloud::SERVICE,
                &request,
                MOCK_SECRET_ID,
                MOCK_SECRET_KEY,
            );
            let answer = mock_answer(&mock, request).await;
            match refusal {
                None => {
                    checked.unwrap();
                    answer.unwrap();
                }
                Some(expected) => {
                    let message = answer.expect_err(&format!("{bug:?} must be refused"));
                    assert!(message.contains(expected), "{bug:?}: {message}");
                    assert_eq!(checked, Err(message), "{bug:?}");
                }
            }
        }
        assert_eq!(mock.requests_of("RunInstances").len(), 2);
    }
}
