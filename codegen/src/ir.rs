//! The resolved, Rust-shaped model the emitters work from.
//!
//! Everything here is validated: type references resolve, names are unique after case
//! conversion and are legal Rust identifiers. Emitters never fail.

pub use crate::spec::ProtocolSpec as Protocol;

/// All services of a run, in a stable order.
#[derive(Debug, Clone)]
pub struct Ir {
    pub services: Vec<Service>,
    /// Non-fatal findings (e.g. an example output field the spec does not document).
    pub warnings: Vec<String>,
}

/// A document under `../shared/api-docs/`, or another named public source with its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Document(String),
    Other {
        name: String,
        version: String,
        url: Option<String>,
    },
}

impl Source {
    /// Markdown for docs and tables: `` `cvm-2017-03-12-api-reference.md` `` or `name (version)`.
    pub fn describe(&self) -> String {
        match self {
            Source::Document(file) => format!("`{file}`"),
            Source::Other { name, version, url } => match url {
                Some(url) => format!("{name}, version {version}, <{url}>"),
                None => format!("{name}, version {version}"),
            },
        }
    }
}

impl Service {
    /// The version as documentation shows it (`-` when the protocol has none).
    pub fn shown_version(&self) -> &str {
        if self.version.is_empty() {
            "-"
        } else {
            &self.version
        }
    }
}

#[derive(Debug, Clone)]
pub struct Service {
    /// The spec folder, relative to the workspace root, e.g. `spec/cvm/v20170312`.
    pub spec_dir: String,
    pub name: String,
    pub title: String,
    pub doc: String,
    /// Module path segments below the crate root, e.g. `["cvm", "v20170312"]`.
    pub module_path: Vec<String>,
    pub feature: String,
    /// Whether the feature is among the crate's default features.
    pub default_feature: bool,
    /// Where the spec is transcribed from.
    pub source: Source,
    pub version: String,
    pub protocol: Protocol,
    pub host: String,
    pub regional_host: Option<String>,
    pub path: String,
    pub regional_only: Vec<String>,
    pub signing_name: String,
    pub regions: Vec<Region>,
    pub common_errors: Vec<ErrorCode>,
    pub actions: Vec<Action>,
    pub types: Vec<DataType>,
    pub enums: Vec<EnumDef>,
    pub waiters: Vec<Waiter>,
}

/// A waiter, resolved against its poll action.
#[derive(Debug, Clone)]
pub struct Waiter {
    pub name: String,
    /// `wait_until_instances_running`.
    pub method: String,
    /// `INSTANCES_RUNNING`.
    pub constant: String,
    pub doc: String,
    pub after: Vec<String>,
    /// Index of the polled action.
    pub poll: usize,
    pub ids_param: usize,
    pub limit_param: Option<usize>,
    pub items: usize,
    /// Rust names of the id and state fields of an item.
    pub id_field: String,
    pub state_field: String,
    pub success: Vec<String>,
    pub failure: Vec<String>,
    pub retry_on: Vec<String>,
    pub min_delay_ms: u64,
    pub max_delay_ms: u64,
    pub max_wait_secs: u64,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub struct Action {
    /// Wire name, e.g. `RunInstances`.
    pub name: String,
    /// Module, file and client method name, e.g. `run_instances` (escaped: `Type` -> `type_`).
    pub snake: String,
    pub doc: String,
    pub rate_limit: u32,
    /// Where the action comes from, when not from its service's source.
    pub source: Option<Source>,
    pub region_required: bool,
    pub finance_regions: bool,
    /// Only reads: safe to repeat after an ambiguous failure.
    pub read_only: bool,
    /// Sent without a signature or token (`auth: none`).
    pub unsigned: bool,
    /// Index into `input` of the idempotency token param.
    pub idempotency_token: Option<usize>,
    pub pagination: Option<Pagination>,
    pub input: Vec<Field>,
    pub output: Vec<Field>,
    pub errors: Vec<ErrorCode>,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone)]
pub struct Pagination {
    pub offset: usize,
    pub limit: usize,
    pub total_count: usize,
    pub items: usize,
}

/// A param, an output field or a data type field.
#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    /// snake_case Rust name, keyword-escaped with a trailing `_`.
    pub rust_name: String,
    pub doc: String,
    pub ty: TypeRef,
    pub required: bool,
    pub sensitive: bool,
    pub default: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The field closes a cycle of data types (`Node.Parent: Node`): stored as
    /// `Option<Box<T>>` so the struct has a finite size. Arrays break cycles themselves.
    pub boxed: bool,
    /// Documented length, size and character-set bounds.
    pub limits: Limits,
}

/// Documented bounds of a String's length (characters) and characters, and of an array's size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub min_items: Option<u32>,
    pub max_items: Option<u32>,
    /// Printable ASCII only.
    pub ascii: bool,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer,
    Float,
    Boolean,
    /// Timestamps are kept as the server's string (formats differ between actions).
    Timestamp,
    Enum(String),
    Struct(String),
    Array(Box<TypeRef>),
}

impl TypeRef {
    /// The element type of an array, or the type itself.
    pub fn element(&self) -> &TypeRef {
        match self {
            TypeRef::Array(inner) => inner.element(),
            other => other,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ErrorCode {
    /// Wire code, e.g. `InvalidZone.MismatchRegion`.
    pub code: String,
    /// Variant name, e.g. `InvalidZoneMismatchRegion`.
    pub variant: String,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub struct DataType {
    pub name: String,
    pub doc: String,
    pub used_by: Vec<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: String,
    pub values: Vec<EnumValue>,
    /// (file, spec path) of every param or field documenting the value set.
    pub used_at: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub wire: String,
    pub variant: String,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub title: String,
    /// The example's wire params in doc order.
    pub input: Vec<(String, String)>,
    /// Parsed output JSON (the whole envelope as in the doc).
    pub output: Option<serde_json::Value>,
    /// Required params the doc example omits (wire names, in input order).
    pub missing_required: Vec<String>,
}
