//! Validation and resolution of loaded specs into the [`crate::ir`].
//!
//! All naming happens through [`crate::naming`]; every error names its file and spec path, once:
//! an item whose own error was reported (a file that did not parse, a param whose type does not
//! resolve, a rejected action) adds no follow-on errors where other items name it.
//!
//! One module per concern, like `emit/` has one file per construct:
//!
//! | module | checks |
//! |---|---|
//! | [`service`] | service metadata: module path, version vs folder, endpoint, regions |
//! | [`source`] | where a service and its actions come from (`source:`) |
//! | [`names`] | action names, derived names and the generated module's namespace |
//! | [`types`] | type references, data types, `used_by`, cycles |
//! | [`limits`] | numbers: rate limits, min/max, defaults, scalar values |
//! | [`enums`] | documented value sets, merged across files |
//! | [`errors`] | error codes, their variants and predicates |
//! | [`actions`] | an action's params, idempotency token and pagination |
//! | [`examples`] | doc examples (input params and output JSON) against the declared types |
//! | [`waiters`] | `waiters.yaml` against the actions it polls |
//!
//! Last, a valid service is checked against what the hand-written runtime uses of it
//! ([`crate::runtime_contract`]).

mod actions;
mod enums;
mod errors;
mod examples;
mod limits;
mod names;
mod service;
mod source;
#[cfg(test)]
pub(crate) mod testing;
mod types;
mod waiters;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::{Diagnostics, SpecError};
use crate::ir::{Field, Service};
use crate::load::LoadedService;
use crate::spec::ProtocolSpec;

/// Validates one service folder. Returns `None` when any error was recorded.
pub fn resolve_service(
    loaded: &LoadedService,
    diags: &mut Diagnostics,
) -> (Option<Service>, Vec<String>) {
    let before = diags.errors.len();
    let mut cx = Resolver::new(loaded, diags);
    let service = cx.service(loaded);
    let warnings = std::mem::take(&mut cx.warnings);
    // What the runtime uses is checked on a whole service: a file that did not load was reported
    // already, and its action or type is not "missing".
    let complete = loaded.failed_actions.is_empty() && loaded.failed_types.is_empty();
    if let (Some(service), true) = (&service, complete && diags.errors.len() == before) {
        crate::runtime_contract::check(service, diags);
    }
    if diags.errors.len() > before {
        (None, warnings)
    } else {
        (service, warnings)
    }
}

/// The state of one service's validation, shared by the concern modules.
struct Resolver<'a> {
    diags: &'a mut Diagnostics,
    warnings: Vec<String>,
    /// The service's wire protocol (array index base, response envelope).
    protocol: ProtocolSpec,
    /// Last segment of the service's module path (an action module must not repeat it).
    parent_module: String,
    /// Data type name -> declaring file.
    type_names: BTreeMap<String, String>,
    /// Files of data types that repeat an earlier name (reported once, then ignored).
    duplicate_types: BTreeSet<String>,
    /// Names of data types whose file did not load: references to them stay quiet.
    failed_types: BTreeSet<String>,
    /// Every action name the folder declares, loaded or not (file stems of files that did not
    /// load): naming one of them is never an "unknown action".
    known_actions: BTreeSet<String>,
    enums: BTreeMap<String, enums::EnumAcc>,
    /// Data types reported as never buildable (a cycle of required fields).
    unbuildable: BTreeSet<String>,
    /// Resolved fields of each data type, for walking example paths.
    resolved_types: HashMap<String, Vec<Field>>,
    /// Values (defaults, examples, waiter states) of enums, checked once every file's values merged.
    pending_enum_values: Vec<enums::PendingValue>,
    /// Whether a value set was lost with a file that did not load or a param that was rejected:
    /// an enum may then have "no values anywhere" only seemingly.
    lost_value_sets: bool,
    /// (struct, field) pairs whose own error was reported: whatever names them stays quiet.
    broken: BTreeSet<(String, String)>,
    /// Wire names of the service's common params (`Action`, `Region`, ...), which the runtime
    /// sends with every request: an action param repeating one is reported.
    common_params: BTreeSet<String>,
}

impl<'a> Resolver<'a> {
    fn new(loaded: &LoadedService, diags: &'a mut Diagnostics) -> Self {
        // An action file `actions/X.yaml` declares X, whatever its own errors.
        let stem = |file: &str| {
            let name = file.rsplit('/').next().unwrap_or_default();
            name.rsplit_once('.')
                .map_or(name, |(stem, _)| stem)
                .to_owned()
        };
        let known_actions = loaded
            .actions
            .iter()
            .flat_map(|(file, a)| [a.name.clone(), stem(file)])
            .chain(loaded.failed_actions.iter().cloned())
            .collect();
        Resolver {
            diags,
            warnings: Vec::new(),
            protocol: loaded.service.protocol,
            parent_module: loaded
                .service
                .module
                .rsplit("::")
                .next()
                .unwrap_or_default()
                .to_owned(),
            type_names: BTreeMap::new(),
            duplicate_types: BTreeSet::new(),
            failed_types: loaded.failed_types.clone(),
            known_actions,
            enums: BTreeMap::new(),
            unbuildable: BTreeSet::new(),
            lost_value_sets: !loaded.failed_actions.is_empty() || !loaded.failed_types.is_empty(),
            resolved_types: HashMap::new(),
            pending_enum_values: Vec::new(),
            broken: BTreeSet::new(),
            common_params: loaded
                .service
                .common_params
                .iter()
                .map(|p| p.name.clone())
                .collect(),
        }
    }

    fn error(&mut self, file: &str, path: &str, message: impl Into<String>) {
        self.diags.push(SpecError::new(file, path, message));
    }

    fn error_count(&self) -> usize {
        self.diags.errors.len()
    }

    /// The order matters: names before references, every file's enum values before the values
    /// checked against them, everything before the namespace of the generated module.
    fn service(&mut self, loaded: &LoadedService) -> Option<Service> {
        let mut origin = source::resolve(loaded, self.diags);
        let metadata = self.service_metadata(loaded);
        self.declare_types(loaded);
        let common_errors = self.common_errors(loaded);
        let mut types = self.data_types(loaded);
        self.break_cycles(&mut types);
        let mut actions = self.actions(loaded);
        for action in &mut actions {
            action.source = origin.actions.remove(&action.name);
        }
        let waiters = match &loaded.waiters {
            Some((file, spec)) => self.waiters(file, spec, &actions),
            None => Vec::new(),
        };
        self.check_used_by(loaded);
        let enums = self.finish_enums();
        self.check_namespace(loaded, &actions, &enums);
        self.cross_check_used_by(&types, &actions);
        let metadata = metadata?;
        Some(Service {
            spec_dir: loaded.dir.clone(),
            common_errors,
            actions,
            types,
            enums,
            waiters,
            source: origin.service,
            ..metadata
        })
    }

    /// The index of the field `name` of `fields` (of the struct `owner`) whose type passes `ok`;
    /// else an error saying it is not `what` (none when the field's own error was reported).
    #[allow(clippy::too_many_arguments)]
    fn find_field(
        &mut self,
        file: &str,
        path: &str,
        fields: &[Field],
        owner: &str,
        name: &str,
        ok: impl Fn(&Field) -> bool,
        what: &str,
    ) -> Option<usize> {
        let found = fields.iter().position(|f| f.wire_name == name && ok(f));
        if found.is_none() && !self.broken.contains(&(owner.to_owned(), name.to_owned())) {
            let hint = match fields.iter().find(|f| f.wire_name == name) {
                Some(_) => String::new(),
                None => did_you_mean(name, fields.iter().map(|f| f.wire_name.as_str())),
            };
            self.error(file, path, format!("'{name}' is not {what}{hint}"));
        }
        found
    }
}

/// ` (did you mean 'X'?)` when a candidate is close to `name`, else empty.
fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    closest(name, candidates)
        .map(|c| format!(" (did you mean '{c}'?)"))
        .unwrap_or_default()
}

/// The candidate with the smallest edit distance, when it is close enough to be a likely typo.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .filter(|c| *c != name)
        .map(|c| {
            (
                edit_distance(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::testing::TestSpec;
    use super::*;

    #[test]
    fn the_base_spec_is_valid() {
        let service = TestSpec::new().resolve().unwrap();
        assert_eq!(service.actions[0].snake, "create_widget");
        assert_eq!(service.types[0].name, "Tag");
    }

    #[test]
    fn typos_get_a_hint() {
        assert_eq!(
            closest("Locaton", ["Location", "Tag"].into_iter()),
            Some("Location")
        );
        assert_eq!(closest("Zzz", ["Location"].into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn errors_of_several_items_are_all_reported_once() {
        let errors = TestSpec::new()
            .edit_action("CreateWidget", "Array of Tag", "Array of Tga")
            .edit_action("CreateWidget", "rate_limit: 5", "rate_limit: 0")
            .errors();
        assert_eq!(errors.len(), 2, "{errors:#?}");
    }
}
