//! An in-process fake of every generated service, for tests of code that uses this SDK: no
//! credentials, no network. It answers each action with its documentation example, rejects
//! requests that miss a required param or carry a bad signature, and lets a test script replies
//! and errors per action.
//!
//! ```
//! # async fn demo() {
//! use generated_sdk::cvm::v20170312 as cvm;
//! use generated_sdk::runtime::mock::{MockCloud, MockReply};
//!
//! let mock = MockCloud::new().with_service(&cvm::MOCK);
//! mock.push_reply("RunInstances", MockReply::error("InstancesQuotaLimitExceeded", "no quota"));
//! let client = cvm::Client::new(mock.config());
//! let zones = client.describe_zones().send().await.unwrap(); // the doc example's zones
//! assert_eq!(zones.total_count, Some(3));
//! # }
//! ```

mod verify;

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

use super::credentials::Credentials;
use super::transport::{Body, HttpRequest, HttpResponse, HttpTransport, TransportFuture};
use super::{Config, Protocol, RetryConfig, ServiceMetadata};

/// What the mock knows of one action (generated from the spec).
#[derive(Debug)]
pub struct MockAction {
    /// Action name.
    pub action: &'static str,
    /// Wire names of the required params.
    pub required: &'static [&'static str],
    /// The first doc example's output body, if the doc has one.
    pub example: Option<&'static str>,
    /// Sent unsigned (`Authorization: SKIP`, no token), like the service's `auth: none` actions.
    pub unsigned: bool,
}

/// What the mock knows of one service version (generated as `MOCK` in each service module).
#[derive(Debug)]
pub struct MockService {
    /// The service.
    pub service: &'static ServiceMetadata,
    /// Its actions.
    pub actions: &'static [MockAction],
}

/// How the mock answers a call: made with [`MockReply::output`], [`MockReply::error`] and
/// [`MockReply::raw`] (or [`MockReply::Example`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum MockReply {
    /// The doc example of the action (the default).
    Example,
    /// These output fields, wrapped in the service's envelope.
    Output(Value),
    /// A service error with this code and message, in the service's envelope.
    #[non_exhaustive]
    Error {
        /// The code (`InvalidZone.MismatchRegion`; a number for legacy and QingCloud codes).
        code: String,
        /// The message.
        message: String,
    },
    /// An HTTP response as is (a 502 page, say).
    #[non_exhaustive]
    Raw {
        /// HTTP status (an invalid one, outside 100..=999, is sent as 500).
        status: u16,
        /// Body.
        body: String,
        /// Headers ([`MockReply::with_header`]).
        headers: http::HeaderMap,
    },
}

impl MockReply {
    /// These output fields.
    pub fn output(fields: Value) -> Self {
        MockReply::Output(fields)
    }

    /// An HTTP response as is: any status and body, for testing how the SDK copes with them.
    pub fn raw(status: u16, body: impl Into<String>) -> Self {
        MockReply::Raw {
            status,
            body: body.into(),
            headers: http::HeaderMap::new(),
        }
    }

    /// Adds a header to a [`MockReply::raw`] response (other replies are unchanged): what a
    /// gateway or proxy would send along with its page.
    ///
    /// # Panics
    ///
    /// When `name` or `value` cannot be an HTTP header (a test's mistake).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let MockReply::Raw { headers, .. } = &mut self {
            let name = http::HeaderName::try_from(name)
                .unwrap_or_else(|_| panic!("{name:?} is not an HTTP header name"));
            let value = http::HeaderValue::try_from(value)
                .unwrap_or_else(|_| panic!("the value of {name} is not an HTTP header value"));
            headers.append(name, value);
        }
        self
    }

    /// A service error.
    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        MockReply::Error {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// A call the mock received, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct MockRequest {
    /// Service name.
    pub service: &'static str,
    /// Action name.
    pub action: String,
    /// The params: the JSON body (TC3), or the form params as a flat JSON object.
    pub params: Value,
}

impl MockRequest {
    /// A top-level param of a JSON body, or a flat form param.
    pub fn param(&self, name: &str) -> Option<&Value> {
        self.params.get(name)
    }

    /// The strings of an array param (`InstanceIds`, or `InstanceIds.0`, `InstanceIds.1`, ... in a form).
    pub fn strings(&self, name: &str) -> Vec<String> {
        if let Some(Value::Array(items)) = self.params.get(name) {
            return items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
        }
        let Some(map) = self.params.as_object() else {
            return Vec::new();
        };
        let prefix = format!("{name}.");
        let mut indexed: Vec<(usize, String)> = map
            .iter()
            .filter_map(|(k, v)| {
                Some((
                    k.strip_prefix(&prefix)?.parse().ok()?,
                    v.as_str()?.to_owned(),
                ))
            })
            .collect();
        indexed.sort();
        indexed.into_iter().map(|(_, v)| v).collect()
    }
}

type Handler = Arc<dyn Fn(&MockRequest) -> MockReply + Send + Sync>;

#[derive(Default)]
struct State {
    services: Vec<&'static MockService>,
    queued: HashMap<String, VecDeque<MockReply>>,
    handlers: HashMap<String, Handler>,
    log: Vec<MockRequest>,
    counter: u64,
}

/// The mock cloud. Clones share state; use it as the client's transport ([`MockCloud::config`]).
#[derive(Clone, Default)]
pub struct MockCloud {
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for MockCloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        let names: Vec<&str> = state.services.iter().map(|s| s.service.name).collect();
        f.debug_struct("MockCloud")
            .field("services", &names)
            .field("calls", &state.log.len())
            .finish()
    }
}

/// The secret id the mock accepts.
pub const MOCK_SECRET_ID: &str = "AKIDMOCKEXAMPLE";
/// The secret key the mock verifies signatures with.
pub const MOCK_SECRET_KEY: &str = "mock-secret-key";

impl MockCloud {
    /// An empty mock; add services with [`MockCloud::with_service`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves a generated service (e.g. `&cvm::v20170312::MOCK`).
    pub fn with_service(self, service: &'static MockService) -> Self {
        self.lock().services.push(service);
        self
    }

    /// The credentials the mock checks signatures against.
    pub fn credentials() -> Credentials {
        Credentials::new(MOCK_SECRET_ID, MOCK_SECRET_KEY)
    }

    /// A client configuration that talks to this mock: its credentials, region `ap-guangzhou`,
    /// fast retries, client-side rate limiting off (tests should not wait).
    pub fn config(&self) -> Config {
        Config::new(Self::credentials())
            .region("ap-guangzhou")
            .transport(self.clone())
            .rate_limiting(false)
            .retry(
                RetryConfig::default()
                    .with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
            )
    }

    /// Queues a one-shot reply for the next call of `action` (replies queue up in order).
    pub fn push_reply(&self, action: &str, reply: MockReply) {
        self.lock()
            .queued
            .entry(action.to_owned())
            .or_default()
            .push_back(reply);
    }

    /// Answers every call of `action` (without a queued reply) with `handler`.
    pub fn on(
        &self,
        action: &str,
        handler: impl Fn(&MockRequest) -> MockReply + Send + Sync + 'static,
    ) {
        self.lock()
            .handlers
            .insert(action.to_owned(), Arc::new(handler));
    }

    /// Every call received, in order.
    pub fn requests(&self) -> Vec<MockRequest> {
        self.lock().log.clone()
    }

    /// The calls of one action.
    pub fn requests_of(&self, action: &str) -> Vec<MockRequest> {
        self.lock()
            .log
            .iter()
            .filter(|r| r.action == action)
            .cloned()
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn handle(&self, request: &HttpRequest) -> HttpResponse {
        let host = header(request, "host")
            .or_else(|| request.uri().authority().map(|a| a.as_str()))
            .unwrap_or_default()
            .to_owned();
        let services = self.lock().services.clone();
        let params = match decode_params(request) {
            Ok(params) => params,
            Err(message) => return raw(400, message),
        };
        let Some(service) = find_service(&services, &host, request, &params) else {
            return raw(404, format!("the mock serves no service at {host}"));
        };
        let meta = service.service;
        let action_name = action_of(meta.protocol, request, &params);
        let unsigned = service
            .actions
            .iter()
            .any(|a| a.action == action_name && a.unsigned);
        let authenticated = if unsigned {
            check_unsigned(request)
        } else {
            verify_signature(meta, request, MOCK_SECRET_ID, MOCK_SECRET_KEY)
        };
        if let Err(message) = authenticated {
            // Each protocol's own authentication failure: API 3.0's code, legacy 4100,
            // QingCloud 1200.
            let code = match meta.protocol {
                Protocol::TencentLegacyV2 => "4100",
                Protocol::Qingcloud => "1200",
                _ => "AuthFailure.SignatureFailure",
            };
            return envelope_error(meta.protocol, code, &message, "mock-auth");
        }
        let Some(action) = service.actions.iter().find(|a| a.action == action_name) else {
            return envelope_error(
                meta.protocol,
                "InvalidAction",
                &format!("unknown action {action_name}"),
                "mock-action",
            );
        };
        let call = MockRequest {
            service: meta.name,
            action: action_name.clone(),
            params: strip_common(meta.protocol, params),
        };
        let (reply, request_id) = {
            let mut state = self.lock();
            state.counter += 1;
            state.log.push(call.clone());
            let queued = state
                .queued
                .get_mut(&action_name)
                .and_then(VecDeque::pop_front);
            let handler = state.handlers.get(&action_name).cloned();
            (
                queued.map(Ok).unwrap_or(Err(handler)),
                format!("mock-{:08}", state.counter),
            )
        };
        if let Some(missing) = action
            .required
            .iter()
            .find(|name| !has_param(&call.params, name))
        {
            return envelope_error(
                meta.protocol,
                "MissingParameter",
                &format!("the request is missing {missing}"),
                &request_id,
            );
        }
        let reply = match reply {
            Ok(reply) => reply,
            Err(Some(handler)) => handler(&call),
            Err(None) => MockReply::Example,
        };
        respond(meta.protocol, action, reply, &request_id)
    }
}

impl HttpTransport for MockCloud {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        let response = self.handle(&request);
        Box::pin(async move { Ok(response) })
    }
}

/// An unsigned action goes out as the service expects it: `Authorization: SKIP` and no token.
fn check_unsigned(request: &HttpRequest) -> Result<(), String> {
    if header(request, "authorization") != Some("SKIP") {
        return Err("an unsigned action needs `Authorization: SKIP`".to_owned());
    }
    if header(request, "x-tc-token").is_some() {
        return Err("an unsigned action carries no X-TC-Token".to_owned());
    }
    Ok(())
}

/// A header's value as text (`None` when absent or not visible ASCII).
fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

/// A response as is.
fn raw(status: u16, body: String) -> HttpResponse {
    let mut response = http::Response::new(Body::from(body));
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// A JSON answer.
fn json_response(status: u16, body: &Value) -> HttpResponse {
    let mut response = raw(status, body.to_string());
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// Decoded params: the JSON body, or the form params (query or body) as a flat map.
fn decode_params(request: &HttpRequest) -> Result<Value, String> {
    if header(request, "content-type").is_some_and(|c| c.starts_with("application/json")) {
        return serde_json::from_slice(request.body())
            .map_err(|e| format!("invalid JSON body: {e}"));
    }
    let encoded = if request.method() == http::Method::GET {
        request.uri().query().unwrap_or_default().to_owned()
    } else {
        String::from_utf8_lossy(request.body()).into_owned()
    };
    let mut map = serde_json::Map::new();
    for pair in encoded.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        map.insert(decode(k), Value::String(decode(v)));
    }
    Ok(Value::Object(map))
}

fn find_service(
    services: &[&'static MockService],
    host: &str,
    request: &HttpRequest,
    params: &Value,
) -> Option<&'static MockService> {
    let by_host = services.iter().find(|s| {
        let meta = s.service;
        host == meta.host
            || meta.regional_host.is_some_and(|pattern| {
                let (before, after) = pattern.split_once("{region}").unwrap_or((pattern, ""));
                host.starts_with(before) && host.ends_with(after)
            })
    });
    if let Some(found) = by_host {
        return Some(found);
    }
    // An endpoint override: match by version and path.
    let version = header(request, "x-tc-version")
        .map(str::to_owned)
        .or_else(|| {
            params
                .get("Version")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let path = request.uri().path();
    services
        .iter()
        .find(|s| {
            s.service.path == path
                && (s.service.version == version || s.service.protocol != Protocol::TencentApi3)
        })
        .copied()
}

fn action_of(protocol: Protocol, request: &HttpRequest, params: &Value) -> String {
    let param = |name: &str| {
        params
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match protocol {
        Protocol::TencentApi3 => header(request, "x-tc-action")
            .map(str::to_owned)
            .unwrap_or_else(|| param("Action")),
        Protocol::TencentLegacyV2 => param("Action"),
        Protocol::Qingcloud => param("action"),
    }
}

/// Drops the signer's common params so tests see only the action's own.
fn strip_common(protocol: Protocol, params: Value) -> Value {
    let common: &[&str] = match protocol {
        Protocol::TencentApi3 | Protocol::TencentLegacyV2 => &[
            "Action",
            "Version",
            "Region",
            "Timestamp",
            "Nonce",
            "SecretId",
            "Signature",
            "SignatureMethod",
            "Token",
            "Language",
        ],
        Protocol::Qingcloud => &[
            "action",
            "access_key_id",
            "signature",
            "signature_method",
            "signature_version",
            "version",
            "time_stamp",
            "zone",
        ],
    };
    match params {
        Value::Object(mut map) if !map.is_empty() && map.values().all(Value::is_string) => {
            for key in common {
                map.remove(*key);
            }
            Value::Object(map)
        }
        other => other,
    }
}

fn has_param(params: &Value, name: &str) -> bool {
    let Some(map) = params.as_object() else {
        return false;
    };
    let prefix = format!("{name}.");
    map.contains_key(name) || map.keys().any(|k| k.starts_with(&prefix))
}

/// Checks a signed request the way the service does: recomputes the signature (TC3, v1 or
/// QingCloud, per the service's protocol) from what arrived, with the given credentials, and says
/// which rule failed when it does not verify. Public so that tests with their own HTTP server can
/// verify requests too.
///
/// The check is written from the protocol descriptions and shares no code with the client's
/// signer, so a signer bug shows up as a rejected request rather than being reproduced here.
pub fn verify_signature(
    meta: &ServiceMetadata,
    request: &HttpRequest,
    secret_id: &str,
    secret_key: &str,
) -> Result<(), String> {
    verify::verify(meta, &verify::Wire::of(request), secret_id, secret_key)
}

fn respond(
    protocol: Protocol,
    action: &MockAction,
    reply: MockReply,
    request_id: &str,
) -> HttpResponse {
    match reply {
        MockReply::Raw {
            status,
            body,
            headers,
        } => {
            let mut response = raw(status, body);
            response.headers_mut().extend(headers);
            response
        }
        MockReply::Error { code, message } => envelope_error(protocol, &code, &message, request_id),
        MockReply::Output(fields) => envelope_ok(protocol, action.action, fields, request_id),
        MockReply::Example => {
            let body = action
                .example
                .and_then(|e| serde_json::from_str::<Value>(e).ok());
            match body {
                Some(body) => json_response(200, &body),
                None => envelope_ok(protocol, action.action, json!({}), request_id),
            }
        }
    }
}

fn envelope_ok(protocol: Protocol, action: &str, fields: Value, request_id: &str) -> HttpResponse {
    let mut object = match fields {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    let body = match protocol {
        Protocol::TencentApi3 => {
            object
                .entry("RequestId")
                .or_insert_with(|| json!(request_id));
            json!({ "Response": object })
        }
        Protocol::TencentLegacyV2 => {
            object.insert("code".to_owned(), json!(0));
            object.entry("message").or_insert_with(|| json!("ok"));
            Value::Object(object)
        }
        Protocol::Qingcloud => {
            object.insert("ret_code".to_owned(), json!(0));
            object.insert("action".to_owned(), json!(format!("{action}Response")));
            Value::Object(object)
        }
    };
    json_response(200, &body)
}

fn envelope_error(protocol: Protocol, code: &str, message: &str, request_id: &str) -> HttpResponse {
    let body = match protocol {
        Protocol::TencentApi3 => {
            json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}})
        }
        Protocol::TencentLegacyV2 => match code.parse::<i64>() {
            Ok(numeric) => json!({"code": numeric, "message": message}),
            Err(_) => json!({"code": 4000, "message": message, "codeDesc": code}),
        },
        Protocol::Qingcloud => {
            json!({"ret_code": code.parse::<i64>().unwrap_or(1100), "message": format!("{code}, {message}")})
        }
    };
    json_response(200, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::signing::{self, tc3, Endpoint, Payload, SignInput, SigningMethod};

    use crate::runtime::test_fixtures::{CREATE_WIDGET as ACTION, CVM as SERVICE};

    static MOCK: MockService = MockService {
        service: &SERVICE,
        actions: &[MockAction {
            action: "CreateWidget",
            required: &["Placement"],
            example: Some(r#"{"Response":{"RequestId":"doc"}}"#),
            unsigned: false,
        }],
    };

    fn send(mock: &MockCloud, body: &str, secret: &str) -> Value {
        let credentials = Credentials::new(MOCK_SECRET_ID, secret);
        let endpoint = Endpoint::of_service(&ACTION);
        let input = SignInput {
            action: &ACTION,
            region: None,
            credentials: Some(&credentials),
            endpoint: &endpoint,
            method: SigningMethod::Tc3,
            timestamp: 1_700_000_000,
            nonce: 1,
            language: None,
            request_client: "test",
            key_cache: &tc3::KeyCache::default(),
        };
        let request = signing::sign(&input, Payload::Json(body.as_bytes().to_vec())).unwrap();
        let response = mock.handle(&request);
        assert_eq!(response.headers()["content-type"], "application/json");
        serde_json::from_slice(response.body()).unwrap()
    }

    #[test]
    fn rejects_missing_required_params_and_bad_signatures() {
        let mock = MockCloud::new().with_service(&MOCK);
        let missing = send(&mock, "{}", MOCK_SECRET_KEY);
        assert_eq!(missing["Response"]["Error"]["Code"], "MissingParameter");
        assert!(missing["Response"]["Error"]["Message"]
            .as_str()
            .unwrap()
            .contains("Placement"));
        let forged = send(&mock, r#"{"Placement":{"Zone":"z"}}"#, "wrong key");
        assert_eq!(
            forged["Response"]["Error"]["Code"],
            "AuthFailure.SignatureFailure"
        );
        let ok = send(&mock, r#"{"Placement":{"Zone":"z"}}"#, MOCK_SECRET_KEY);
        assert_eq!(ok["Response"]["RequestId"], "doc");
        assert_eq!(
            mock.requests().len(),
            2,
            "the missing-param call and the good one"
        );
    }
}
