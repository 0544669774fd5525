//! `waiters.yaml`: each waiter against the action it polls, its names on the `Client`, its
//! states and its delays.

use std::collections::HashMap;

use super::{did_you_mean, Resolver};
use crate::ir::{Action, TypeRef, Waiter};
use crate::naming;
use crate::spec::{WaiterSpec, WaitersFile};

/// The longest a waiter may wait by default: the runtime adds it to `Instant::now()`.
pub const MAX_WAIT_SECS: u64 = 86_400;

impl Resolver<'_> {
    pub(super) fn waiters(
        &mut self,
        file: &str,
        spec: &WaitersFile,
        actions: &[Action],
    ) -> Vec<Waiter> {
        let mut out: Vec<Waiter> = Vec::new();
        // Client method -> what defines it (actions first, then waiters).
        let mut methods: HashMap<String, String> = actions
            .iter()
            .map(|a| {
                (
                    a.snake.clone(),
                    format!("the client method of action {}", a.name),
                )
            })
            .collect();
        for w in &spec.waiters {
            let path = format!("waiters.{}", w.name);
            if let Err(why) = naming::check_type_name(&w.name) {
                self.error(file, &path, why);
                continue;
            }
            let method = naming::waiter_method(&w.name);
            if let Some(owner) = methods.get(&method) {
                let message = format!("waiter method '{method}' collides with {owner}");
                self.error(file, &path, message);
                continue;
            }
            let before = self.error_count();
            if let Some(waiter) = self.waiter(file, &path, w, actions) {
                if self.error_count() == before {
                    methods.insert(method, format!("waiter {}", w.name));
                    out.push(waiter);
                }
            }
        }
        out
    }

    fn waiter(
        &mut self,
        file: &str,
        path: &str,
        w: &WaiterSpec,
        actions: &[Action],
    ) -> Option<Waiter> {
        for (i, after) in w.after.iter().enumerate() {
            self.known_action(file, &format!("{path}.after[{i}]"), after);
        }
        let Some(poll) = actions.iter().position(|a| a.name == w.poll) else {
            self.known_action(file, &format!("{path}.poll"), &w.poll);
            return None;
        };
        let action = &actions[poll];
        let request = format!("{}Request", action.name);
        let response = format!("{}Response", action.name);
        let ids_param = self.find_field(
            file,
            &format!("{path}.ids_param"),
            &action.input,
            &request,
            &w.ids_param,
            |f| f.ty == TypeRef::Array(Box::new(TypeRef::String)),
            "an `Array of String` input param",
        );
        let limit_param = w.limit_param.as_ref().and_then(|limit| {
            self.find_field(
                file,
                &format!("{path}.limit_param"),
                &action.input,
                &request,
                limit,
                |f| f.ty == TypeRef::Integer,
                "an Integer input param",
            )
        });
        let items = self.find_field(
            file,
            &format!("{path}.items"),
            &action.output,
            &response,
            &w.items,
            |f| matches!(&f.ty, TypeRef::Array(inner) if matches!(**inner, TypeRef::Struct(_))),
            "an output array of a data type",
        );
        let (ids_param, items) = (ids_param?, items?);
        // The waiter's request sets the ids (and the limit) only: another required param would
        // fail every poll at `build()`.
        for param in &action.input {
            let set =
                param.wire_name == w.ids_param || Some(&param.wire_name) == w.limit_param.as_ref();
            if param.required && !set {
                self.error(
                    file,
                    &format!("{path}.poll"),
                    format!(
                        "{} has the required param '{}', which the waiter does not set (it sets only ids_param and limit_param)",
                        action.name, param.wire_name
                    ),
                );
            }
        }
        let TypeRef::Struct(item_type) = action.output[items].ty.element().clone() else {
            return None;
        };
        let fields = self.resolved_types.get(&item_type).cloned()?;
        let mut field = |name: &str, key: &str| -> Option<crate::ir::Field> {
            let found = fields.iter().find(|f| {
                f.wire_name == name
                    && !f.sensitive
                    && matches!(f.ty, TypeRef::String | TypeRef::Enum(_))
            });
            if found.is_none() && !self.broken.contains(&(item_type.clone(), name.to_owned())) {
                let hint = did_you_mean(name, fields.iter().map(|f| f.wire_name.as_str()));
                self.error(
                    file,
                    &format!("{path}.{key}"),
                    format!("'{name}' is not a String field (not sensitive) of data type {item_type}{hint}"),
                );
            }
            found.cloned()
        };
        let (id_field, state_field) = (
            field(&w.id_field, "id_field"),
            field(&w.state_field, "state_field"),
        );
        let (id_field, state_field) = (id_field?, state_field?);
        self.states(file, path, w, &state_field.ty);
        self.retry_on(file, path, w);
        let delays_ok = w.min_delay_ms > 0
            && w.min_delay_ms <= w.max_delay_ms
            && w.max_wait_secs > 0
            && w.max_wait_secs <= MAX_WAIT_SECS
            && w.max_delay_ms <= w.max_wait_secs.saturating_mul(1000);
        if !delays_ok {
            self.error(
                file,
                path,
                format!(
                    "delays must satisfy 0 < min_delay_ms <= max_delay_ms <= max_wait_secs * 1000 and 0 < max_wait_secs <= {MAX_WAIT_SECS}, found min_delay_ms {}, max_delay_ms {}, max_wait_secs {}",
                    w.min_delay_ms, w.max_delay_ms, w.max_wait_secs
                ),
            );
        }
        Some(Waiter {
            name: w.name.clone(),
            method: naming::waiter_method(&w.name),
            constant: naming::waiter_constant(&w.name),
            doc: w.doc.clone(),
            after: w.after.clone(),
            poll,
            ids_param,
            limit_param,
            items,
            id_field: id_field.rust_name,
            state_field: state_field.rust_name,
            success: w.success.clone(),
            failure: w.failure.clone(),
            retry_on: w.retry_on.clone(),
            min_delay_ms: w.min_delay_ms,
            max_delay_ms: w.max_delay_ms,
            max_wait_secs: w.max_wait_secs,
        })
    }

    /// An action name in `after` or `poll` that no file of the folder declares.
    fn known_action(&mut self, file: &str, path: &str, name: &str) {
        if !self.known_actions.contains(name) {
            let hint = did_you_mean(name, self.known_actions.iter().map(String::as_str));
            self.error(file, path, format!("unknown action '{name}'{hint}"));
        }
    }

    /// Success and failure states: at least one success, none empty or in both lists, and
    /// documented values when the state field is an enum.
    fn states(&mut self, file: &str, path: &str, w: &WaiterSpec, state_type: &TypeRef) {
        if w.success.is_empty() {
            self.error(file, &format!("{path}.success"), "needs at least one state");
        }
        for (key, states) in [("success", &w.success), ("failure", &w.failure)] {
            for (i, state) in states.iter().enumerate() {
                let spath = format!("{path}.{key}[{i}]");
                if state.trim().is_empty() {
                    self.error(file, &spath, "empty state");
                } else if states[..i].contains(state) {
                    self.error(file, &spath, format!("'{state}' is listed twice"));
                } else if key == "failure" && w.success.contains(state) {
                    self.error(file, &spath, format!("'{state}' is also a success state"));
                } else if let TypeRef::Enum(name) = state_type {
                    self.expect_enum_value(file, &spath, name, state);
                }
            }
        }
    }

    /// `retry_on` codes: error codes as the service sends them (a code the action does not
    /// document is allowed: "not visible yet" codes often are undocumented), each listed once.
    fn retry_on(&mut self, file: &str, path: &str, w: &WaiterSpec) {
        for (i, code) in w.retry_on.iter().enumerate() {
            let cpath = format!("{path}.retry_on[{i}]");
            if !super::errors::is_error_code(code) {
                self.error(
                    file,
                    &cpath,
                    format!(
                        "invalid error code '{code}' (ASCII letters, digits, '.', '_' and '-')"
                    ),
                );
            } else if w.retry_on[..i].contains(code) {
                self.error(file, &cpath, format!("'{code}' is listed twice"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestSpec;

    const DESCRIBE: &str = r#"name: DescribeWidgets
rate_limit: 20
input:
  - name: WidgetIds
    type: Array of String
  - name: Limit
    type: Integer
output:
  - name: WidgetSet
    type: Array of Widget
errors:
  - code: InvalidWidgetId.NotFound
"#;

    const WIDGET: &str = r#"name: Widget
fields:
  - name: WidgetId
    type: String
  - name: State
    type: String
    enum: WidgetState
    values:
      - value: RUNNING
      - value: FAILED
  - name: Secret
    type: String
    sensitive: true
"#;

    const WAITERS: &str = r#"waiters:
  - name: WidgetsRunning
    after: [CreateWidget]
    poll: DescribeWidgets
    ids_param: WidgetIds
    limit_param: Limit
    items: WidgetSet
    id_field: WidgetId
    state_field: State
    success: [RUNNING]
    failure: [FAILED]
    retry_on: [InvalidWidgetId.NotFound]
"#;

    fn spec(from: &str, to: &str) -> TestSpec {
        TestSpec::new()
            .action(DESCRIBE)
            .ty(WIDGET)
            .waiters(&WAITERS.replacen(from, to, 1))
    }

    #[test]
    fn a_waiter_resolves_against_its_action() {
        let service = spec("", "").resolve().unwrap();
        let w = &service.waiters[0];
        assert_eq!(w.method, "wait_until_widgets_running");
        assert_eq!(w.constant, "WIDGETS_RUNNING");
        assert_eq!((w.ids_param, w.limit_param, w.items), (0, Some(1), 0));
        assert_eq!(
            (w.id_field.as_str(), w.state_field.as_str()),
            ("widget_id", "state")
        );
    }

    #[test]
    fn the_poll_action_has_no_required_param_the_waiter_does_not_set() {
        TestSpec::new()
            .action(&DESCRIBE.replace(
                "  - name: Limit\n    type: Integer\n",
                "  - name: Limit\n    type: Integer\n  - name: Zone\n    type: String\n    required: true\n",
            ))
            .ty(WIDGET)
            .waiters(WAITERS)
            .rejects(&["waiters.WidgetsRunning.poll: DescribeWidgets has the required param 'Zone', which the waiter does not set"]);
        // Its own params may be required.
        TestSpec::new()
            .action(&DESCRIBE.replace(
                "  - name: WidgetIds\n    type: Array of String\n",
                "  - name: WidgetIds\n    type: Array of String\n    required: true\n",
            ))
            .ty(WIDGET)
            .waiters(WAITERS)
            .resolve()
            .unwrap();
    }

    #[test]
    fn mistakes() {
        for (from, to, expected) in [
            ("name: WidgetsRunning", "name: widgetsRunning", "waiters.widgetsRunning: 'widgetsRunning' must start with an upper-case"),
            ("after: [CreateWidget]", "after: [CreateWidgets]", "waiters.WidgetsRunning.after[0]: unknown action 'CreateWidgets' (did you mean 'CreateWidget'?)"),
            ("poll: DescribeWidgets", "poll: DescribeWidget", "waiters.WidgetsRunning.poll: unknown action 'DescribeWidget' (did you mean 'DescribeWidgets'?)"),
            ("ids_param: WidgetIds", "ids_param: Limit", "waiters.WidgetsRunning.ids_param: 'Limit' is not an `Array of String` input param"),
            ("limit_param: Limit", "limit_param: WidgetIds", "limit_param: 'WidgetIds' is not an Integer input param"),
            ("items: WidgetSet", "items: Widgets", "items: 'Widgets' is not an output array of a data type (did you mean 'WidgetSet'?)"),
            ("id_field: WidgetId", "id_field: Secret", "id_field: 'Secret' is not a String field (not sensitive) of data type Widget"),
            ("state_field: State", "state_field: Stat", "state_field: 'Stat' is not a String field (not sensitive) of data type Widget (did you mean 'State'?)"),
            ("success: [RUNNING]", "success: []", "waiters.WidgetsRunning.success: needs at least one state"),
            ("success: [RUNNING]", "success: [RUNING]", "waiters.WidgetsRunning.success[0]: 'RUNING' is not a documented value of enum WidgetState (did you mean 'RUNNING'?)"),
            ("failure: [FAILED]", "failure: [RUNNING]", "failure[0]: 'RUNNING' is also a success state"),
            ("success: [RUNNING]", "success: [RUNNING, RUNNING]", "success[1]: 'RUNNING' is listed twice"),
            ("success: [RUNNING]", "success: [\"\"]", "success[0]: empty state"),
            ("retry_on: [InvalidWidgetId.NotFound]", "retry_on: [Invalid WidgetId]", "retry_on[0]: invalid error code 'Invalid WidgetId'"),
            ("retry_on: [InvalidWidgetId.NotFound]", "retry_on: [A, A]", "retry_on[1]: 'A' is listed twice"),
            ("    retry_on", "    max_wait_secs: 0\n    retry_on", "waiters.WidgetsRunning: delays must satisfy"),
            ("    retry_on", "    max_wait_secs: 18446744073709551615\n    retry_on", "max_wait_secs <= 86400"),
            ("    retry_on", "    min_delay_ms: 0\n    retry_on", "found min_delay_ms 0"),
            ("    retry_on", "    max_delay_ms: 1000\n    retry_on", "found min_delay_ms 2000, max_delay_ms 1000"),
        ] {
            spec(from, to).rejects(&["spec/demo/v1/waiters.yaml: ", expected]);
        }
    }

    #[test]
    fn waiter_methods_must_not_collide() {
        spec("name: WidgetsRunning", "name: Widget")
            .action(&DESCRIBE.replace("DescribeWidgets", "WaitUntilWidget"))
            .rejects(&["waiters.Widget: waiter method 'wait_until_widget' collides with the client method of action WaitUntilWidget"]);
        let twice = format!(
            "{WAITERS}{}",
            WAITERS
                .replace("waiters:\n", "")
                .replace("WidgetsRunning", "WidgetsRUNNING")
        );
        TestSpec::new()
            .action(DESCRIBE)
            .ty(WIDGET)
            .waiters(&twice)
            .rejects(&["waiters.WidgetsRUNNING: waiter method 'wait_until_widgets_running' collides with waiter WidgetsRunning"]);
    }

    #[test]
    fn a_waiter_on_a_broken_action_adds_nothing() {
        // The polled action's file did not load (its error is the loader's).
        let service = TestSpec::new()
            .failed_action("DescribeWidgets")
            .ty(WIDGET)
            .waiters(WAITERS)
            .resolve()
            .unwrap_or_else(|e| panic!("no follow-on errors: {e:#?}"));
        assert!(service.waiters.is_empty());
        // The polled action is rejected for its own error.
        spec("", "")
            .edit_action("DescribeWidgets", "rate_limit: 20", "rate_limit: 0")
            .rejects(&["actions.DescribeWidgets.rate_limit"]);
        // Its ids param's type is wrong.
        spec("", "")
            .edit_action(
                "DescribeWidgets",
                "type: Array of String",
                "type: Array of Strng",
            )
            .rejects(&["actions.DescribeWidgets.input.WidgetIds: unknown type 'Strng'"]);
    }
}
