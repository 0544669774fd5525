//! What the generated code tells the runtime about services and actions.

/// The wire dialect of a service: signer, parameter encoding and response envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// Tencent Cloud API 3.0: TC3-HMAC-SHA256 JSON (or v1 form), `{"Response": ...}` envelope,
    /// 0-based form arrays, `true`/`false` booleans.
    TencentApi3,
    /// Tencent Cloud legacy API (v2): v1 signing over `/v2/index.php`, `{code, message}` envelope,
    /// 0-based arrays, booleans as 0/1.
    TencentLegacyV2,
    /// QingCloud IaaS: signature_version 1, `{ret_code, message}` envelope, 1-based arrays,
    /// booleans as 0/1.
    Qingcloud,
}

impl Protocol {
    /// What a response body must look like, for messages.
    pub fn envelope_shape(self) -> &'static str {
        match self {
            Protocol::TencentApi3 => "{\"Response\": {..., \"RequestId\": ...}}",
            Protocol::TencentLegacyV2 => "{\"code\": ..., \"message\": ...}",
            Protocol::Qingcloud => "{\"action\": ..., \"ret_code\": ...}",
        }
    }
}

/// Endpoint and protocol facts of one service version (generated `SERVICE` constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceMetadata {
    /// Service name, e.g. `cvm`.
    pub name: &'static str,
    /// Service name in signatures' credential scope.
    pub signing_name: &'static str,
    /// API version sent on the wire (empty when the protocol has none).
    pub version: &'static str,
    /// Wire dialect.
    pub protocol: Protocol,
    /// Default host, e.g. `cvm.tencentcloudapi.com`.
    pub host: &'static str,
    /// Regional host pattern containing `{region}`.
    pub regional_host: Option<&'static str>,
    /// Request path.
    pub path: &'static str,
    /// Regions that must use the regional host (finance regions).
    pub regional_only: &'static [&'static str],
    /// Documented regions.
    pub regions: &'static [&'static str],
}

/// Facts of one action (generated `METADATA` constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActionMetadata {
    /// The service version the action belongs to.
    pub service: &'static ServiceMetadata,
    /// Action name on the wire, e.g. `RunInstances`.
    pub action: &'static str,
    /// Documented limit in requests per second.
    pub rate_limit: u32,
    /// Wire name of the idempotency token param, e.g. `ClientToken`.
    pub idempotency_token: Option<&'static str>,
    /// Whether the action pages with Offset/Limit/TotalCount.
    pub paginated: bool,
    /// Whether the Region common param is required.
    pub region_required: bool,
    /// Whether the action supports finance regions.
    pub finance_regions: bool,
    /// Whether the action only reads (safe to repeat after an ambiguous failure).
    pub read_only: bool,
    /// Whether the action is sent without a signature or token (`Authorization: SKIP`): it
    /// authenticates by its own params (AssumeRoleWithWebIdentity's OIDC token).
    pub unsigned: bool,
}

impl ActionMetadata {
    /// The API version of the action's service.
    pub fn version(&self) -> &'static str {
        self.service.version
    }
}

/// A request type of a generated action: how to encode it and what comes back.
pub trait Operation: serde::Serialize + Clone + Send + Sync + 'static {
    /// The typed response.
    type Output: OperationOutput;
    /// The action's error type (`ActionError` over its generated code enum).
    type Error: super::ServiceError + From<super::ServiceErrorMeta>;
    /// Action facts.
    const METADATA: &'static ActionMetadata;

    /// The idempotency token slot, for actions that have one (the client fills it in before retrying).
    fn idempotency_token_mut(&mut self) -> Option<&mut Option<String>> {
        None
    }
}

/// What the runtime reads from every typed response.
///
/// Implemented by the generated response types only: its hidden supertrait comes with the
/// runtime's table-driven decoder, which the response envelope uses to decode the head and the
/// fields of an answer in one pass.
pub trait OperationOutput: serde::de::DeserializeOwned + ResponseFields + Send + 'static {
    /// The request id (empty for protocols without one).
    fn request_id(&self) -> &str;
}

/// The wire fields of a generated response and how to decode one of them, so that the response
/// envelope can decode its own head fields (`Error`) and the response's fields in one walk of the
/// body (not a stable API: implemented for every struct the runtime's table-driven decoder
/// decodes, never by hand).
#[doc(hidden)]
pub trait ResponseFields: Default {
    /// Wire names of the fields, sorted byte-wise.
    #[doc(hidden)]
    const FIELDS: &'static [&'static str];

    /// Decodes the next value of `map` into field `index` of [`FIELDS`](Self::FIELDS).
    #[doc(hidden)]
    fn decode_field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

impl<T: super::de::DecodeFields> ResponseFields for T {
    const FIELDS: &'static [&'static str] = <T as super::de::DecodeFields>::FIELDS;

    #[inline]
    fn decode_field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        super::de::DecodeFields::decode_field(self, index, map)
    }
}
