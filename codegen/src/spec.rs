//! Plain serde mirrors of the YAML spec files (see `spec/README.md`).
//!
//! Every struct denies unknown keys: a typo in a spec is an error, never silently ignored.

use indexmap::IndexMap;
use serde::Deserialize;

/// `spec/<service>/<version>/service.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// Short service name, e.g. `cvm`.
    pub name: String,
    /// Human title, e.g. `Cloud Virtual Machine (CVM)`.
    pub title: String,
    /// Rust module path below the crate root, e.g. `cvm::v20170312`.
    pub module: String,
    /// Cargo feature gating the module.
    pub feature: String,
    /// Whether the feature is one of the crate's default features.
    #[serde(default)]
    pub default_feature: bool,
    /// The API version sent on the wire (empty when the protocol has none).
    #[serde(default)]
    pub version: String,
    pub protocol: ProtocolSpec,
    /// Where the spec is transcribed from: the document every action comes from unless it names its own.
    pub source: SourceSpec,
    /// Later sources the spec draws on beyond `source` (newer error codes, params that became
    /// optional, actions and fields added since), by the key that `source:` entries name.
    #[serde(default)]
    pub sources: std::collections::BTreeMap<String, SourceSpec>,
    #[serde(default)]
    pub doc: String,
    pub endpoint: EndpointSpec,
    /// Name of the service in the credential scope of signatures (TC3 `cvm`).
    #[serde(default)]
    pub signing_name: Option<String>,
    #[serde(default)]
    pub common_params: Vec<ParamSpec>,
    #[serde(default)]
    pub regions: Vec<RegionSpec>,
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    #[serde(default)]
    pub fix: Option<String>,
}

/// Where a service or an action is transcribed from: a document under `../shared/api-docs/`, or
/// another named public source with its version.
#[derive(Debug, Deserialize, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// File name of a document in `../shared/api-docs/`, e.g. `cvm-2017-03-12-api-reference.md`.
    #[serde(default)]
    pub document: Option<String>,
    /// Name of another public source, e.g. `tencentcloud-sdk-go cvm/v20170312/models.go`.
    #[serde(default)]
    pub name: Option<String>,
    /// Version of that source (a release tag, a commit, or a date it was read).
    #[serde(default)]
    pub version: Option<String>,
    /// Where it can be read.
    #[serde(default)]
    pub url: Option<String>,
}

/// An action's or data type's `source:`: a key of the service's `sources`, or a source inline.
#[derive(Debug, Deserialize, Clone, PartialEq, Eq)]
#[serde(untagged)]
pub enum SourceRef {
    Key(String),
    Inline(SourceSpec),
}

/// A change a later source made to a transcribed param or field, kept beside the transcription.
#[derive(Debug, Deserialize, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UpdateSpec {
    /// Key of the service's `sources` that says so.
    pub source: String,
    /// The required flag now (the transcribed `required` stays as the document has it).
    #[serde(default)]
    pub required: Option<bool>,
    /// What changed, in words.
    #[serde(default)]
    pub note: Option<String>,
}

/// Wire protocol of a service: signer, parameter encoding and response envelope.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ProtocolSpec {
    /// Tencent Cloud API 3.0: TC3-HMAC-SHA256 JSON or v1 form, `{"Response": ...}` envelope.
    TencentApi3,
    /// Tencent Cloud legacy API (v2): v1 signing with `/v2/index.php`, `{code, message}` envelope.
    TencentLegacyV2,
    /// QingCloud IaaS: signature_version 1, 1-based arrays, `{ret_code, message}` envelope.
    Qingcloud,
}

impl ProtocolSpec {
    /// First index of arrays in form parameters (`Name.0` or QingCloud's `name.1`).
    pub fn index_base(self) -> usize {
        match self {
            ProtocolSpec::Qingcloud => 1,
            ProtocolSpec::TencentApi3 | ProtocolSpec::TencentLegacyV2 => 0,
        }
    }

    /// Whether booleans travel as `1`/`0` in form parameters (else `true`/`false`).
    pub fn bool_as_int(self) -> bool {
        !matches!(self, ProtocolSpec::TencentApi3)
    }

    /// The object of a response body that holds an action's output fields.
    pub fn output_object(
        self,
        body: &serde_json::Value,
    ) -> Option<&serde_json::Map<String, serde_json::Value>> {
        match self {
            ProtocolSpec::TencentApi3 => body.get("Response")?.as_object(),
            ProtocolSpec::TencentLegacyV2 | ProtocolSpec::Qingcloud => body.as_object(),
        }
    }

    /// Envelope fields the runtime handles, next to the output fields.
    pub fn envelope_fields(self) -> &'static [&'static str] {
        match self {
            ProtocolSpec::TencentApi3 => &["RequestId", "Error"],
            ProtocolSpec::TencentLegacyV2 => &["code", "message", "codeDesc"],
            ProtocolSpec::Qingcloud => &["action", "ret_code", "message"],
        }
    }

    /// What a response body must look like, for messages.
    pub fn envelope_shape(self) -> &'static str {
        match self {
            ProtocolSpec::TencentApi3 => "an object with a \"Response\" object",
            ProtocolSpec::TencentLegacyV2 => "an object with \"code\" and \"message\"",
            ProtocolSpec::Qingcloud => "an object with \"ret_code\"",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    /// Default host, e.g. `cvm.tencentcloudapi.com`.
    pub host: String,
    /// Regional host pattern with `{region}`, e.g. `cvm.{region}.tencentcloudapi.com`.
    #[serde(default)]
    pub regional_host: Option<String>,
    /// Request path, `/` for API 3.0.
    #[serde(default = "default_path")]
    pub path: String,
    /// Regions that must use the regional host (finance regions).
    #[serde(default)]
    pub regional_only: Vec<String>,
    #[serde(default)]
    pub fix: Option<String>,
}

fn default_path() -> String {
    "/".to_owned()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    pub name: String,
    #[serde(default)]
    pub doc: String,
    #[serde(default)]
    pub fix: Option<String>,
}

/// The `rate_limit` an imported draft carries until a maintainer fills in the documented one.
pub const UNKNOWN_RATE_LIMIT: &str = "unknown";

/// `spec/<service>/<version>/actions/<Action>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    pub name: String,
    #[serde(default)]
    pub doc: String,
    /// Requests per second, from "A maximum of N requests can be initiated per second".
    pub rate_limit: serde_yaml::Value,
    /// Where this action comes from, when not from the service's source document: inline, or
    /// the key of one of the service's `sources`.
    #[serde(default)]
    pub source: Option<SourceRef>,
    #[serde(default)]
    pub region: Option<RegionRequirement>,
    #[serde(default)]
    pub finance_regions: bool,
    /// Whether the action only reads. Default: names starting with Describe or InquiryPrice.
    #[serde(default)]
    pub read_only: Option<bool>,
    /// `none`: the action is sent unsigned (`Authorization: SKIP`), authenticated by its own
    /// params (AssumeRoleWithWebIdentity's OIDC token). Default `signed`.
    #[serde(default)]
    pub auth: Option<AuthSpec>,
    #[serde(default)]
    pub idempotency_token: Option<String>,
    #[serde(default)]
    pub pagination: Option<PaginationSpec>,
    #[serde(default)]
    pub input: Vec<ParamSpec>,
    #[serde(default)]
    pub output: Vec<ParamSpec>,
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub fix: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AuthSpec {
    /// Signed with the caller's credentials (the default).
    Signed,
    /// No signature and no token: `Authorization: SKIP` (API 3.0 only).
    None,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RegionRequirement {
    Required,
    Optional,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationSpec {
    pub offset: String,
    pub limit: String,
    pub total_count: String,
    pub items: String,
}

/// An input param, an output field or a data type field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub doc: String,
    #[serde(default)]
    pub sensitive: bool,
    /// Name of the enum for a documented value set.
    #[serde(default)]
    pub r#enum: Option<String>,
    #[serde(default)]
    pub values: Vec<EnumValueSpec>,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Documented length bounds of a String, in characters.
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    /// Documented size bounds of an array, in items.
    #[serde(default)]
    pub min_items: Option<u64>,
    #[serde(default)]
    pub max_items: Option<u64>,
    /// The String holds printable ASCII only (a documented character set, e.g. ClientToken).
    #[serde(default)]
    pub ascii: bool,
    /// Key of the service's `sources` when the param or field comes from a later source than the
    /// document (added since).
    #[serde(default)]
    pub source: Option<String>,
    /// A change a later source made (see [`UpdateSpec`]).
    #[serde(default)]
    pub update: Option<UpdateSpec>,
    #[serde(default)]
    pub fix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    pub value: String,
    #[serde(default)]
    pub doc: String,
    /// Key of the service's `sources` when the value comes from a later source.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub fix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    pub code: String,
    /// Variant name, for codes that do not make one themselves (numeric codes such as `4000`).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub doc: String,
    /// Key of the service's `sources` when the code comes from a later source (returned today,
    /// not in the document).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub fix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub title: String,
    /// The example's wire parameters, flattened (`Placement.Zone`), every value a string.
    #[serde(default)]
    pub input: IndexMap<String, String>,
    /// The example's output JSON.
    #[serde(default)]
    pub output: Option<String>,
    /// Required params the doc example leaves out: its request cannot be built, and the test asserts
    /// that `build()` refuses it naming the first of them.
    #[serde(default)]
    pub missing_required: Vec<String>,
    #[serde(default)]
    pub fix: Option<String>,
}

/// `spec/<service>/<version>/types/<Type>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    pub name: String,
    #[serde(default)]
    pub doc: String,
    #[serde(default)]
    pub used_by: Vec<String>,
    pub fields: Vec<ParamSpec>,
    /// Where the data type comes from, when not from the service's source document.
    #[serde(default)]
    pub source: Option<SourceRef>,
    #[serde(default)]
    pub fix: Option<String>,
}

/// `spec/<service>/<version>/waiters.yaml` (optional).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitersFile {
    pub waiters: Vec<WaiterSpec>,
}

/// A waiter: poll an action until every resource reaches a state.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterSpec {
    /// UpperCamelCase name, e.g. `InstancesRunning` (method `wait_until_instances_running`).
    pub name: String,
    #[serde(default)]
    pub doc: String,
    /// Actions after which the wait makes sense (documentation, validated).
    #[serde(default)]
    pub after: Vec<String>,
    /// The action to poll, e.g. `DescribeInstancesStatus`.
    pub poll: String,
    /// Its `Array of String` param that takes the resource ids.
    pub ids_param: String,
    /// Its Integer param set to the number of ids (so one page holds them all).
    #[serde(default)]
    pub limit_param: Option<String>,
    /// Its array output field holding one element per resource.
    pub items: String,
    /// The id field of an element.
    pub id_field: String,
    /// The state field of an element.
    pub state_field: String,
    pub success: Vec<String>,
    #[serde(default)]
    pub failure: Vec<String>,
    /// Error codes meaning "not visible yet": keep polling.
    #[serde(default)]
    pub retry_on: Vec<String>,
    #[serde(default = "default_min_delay_ms")]
    pub min_delay_ms: u64,
    #[serde(default = "default_max_delay_ms")]
    pub max_delay_ms: u64,
    #[serde(default = "default_max_wait_secs")]
    pub max_wait_secs: u64,
    #[serde(default)]
    pub fix: Option<String>,
}

fn default_min_delay_ms() -> u64 {
    2_000
}

fn default_max_delay_ms() -> u64 {
    15_000
}

fn default_max_wait_secs() -> u64 {
    600
}
