//! Files that are not YAML, or not UTF-8: the file is named, the encoding found is said.

use super::Sandbox;

#[test]
fn yaml_syntax_error() {
    let s = Sandbox::new();
    s.edit(
        "types/Location.yaml",
        "doc: Where a widget lives.",
        "doc: [unclosed",
    );
    s.assert_rejected(&["types/Location.yaml: types.Location"]);
}

#[test]
fn tab_indentation() {
    let s = Sandbox::new();
    s.edit("types/Tag.yaml", "  - name: Value", "\t- name: Value");
    s.assert_rejected(&["types/Tag.yaml: types.Tag", "line 8"]);
}

#[test]
fn a_list_where_a_mapping_belongs() {
    let s = Sandbox::new();
    s.write("types/Tag.yaml", "- name: Tag\n- fields: []\n");
    s.assert_rejected(&["types/Tag.yaml: types.Tag", "invalid type: sequence"]);
}

#[test]
fn two_documents_in_one_file() {
    let s = Sandbox::new();
    let text = s.read("types/Tag.yaml");
    s.write("types/Tag.yaml", &format!("{text}---\n{text}"));
    s.assert_rejected(&["types/Tag.yaml: types.Tag", "more than one document"]);
}

#[test]
fn an_empty_action_file() {
    let s = Sandbox::new();
    s.write("actions/DeleteWidget.yaml", "");
    s.assert_rejected(&["actions/DeleteWidget.yaml: actions.DeleteWidget"]);
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let s = Sandbox::new();
    let text = s.read("actions/CreateWidget.yaml");
    s.write_bytes(
        "actions/CreateWidget.yaml",
        &[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    );
    let stdout = s.assert_accepted();
    assert!(stdout.contains(" 0 changed"), "{stdout}");
}

#[test]
fn utf16_with_a_byte_order_mark() {
    let s = Sandbox::new();
    let text = s.read("types/Tag.yaml");
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    s.write_bytes("types/Tag.yaml", &bytes);
    s.assert_rejected(&[
        "types/Tag.yaml: types.Tag: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
    ]);
}

#[test]
fn utf16_without_a_byte_order_mark() {
    let s = Sandbox::new();
    let text = s.read("types/Tag.yaml");
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    s.write_bytes("types/Tag.yaml", &bytes);
    s.assert_rejected(&[
        "types/Tag.yaml: types.Tag: the file contains a NUL byte at line 1 column 1 (UTF-16 without a byte-order mark?); save it as UTF-8",
    ]);
}

#[test]
fn latin1_is_not_utf8() {
    let s = Sandbox::new();
    let text = s.read("types/Location.yaml");
    let bytes = text
        .replacen("Where a widget lives.", "Où vit un widget.", 1)
        .replace('ù', "\u{1}");
    let bytes: Vec<u8> = bytes
        .bytes()
        .map(|b| if b == 1 { 0xF9 } else { b })
        .collect();
    s.write_bytes("types/Location.yaml", &bytes);
    s.assert_rejected(&[
        "types/Location.yaml: types.Location: the file is not valid UTF-8 (byte 0xF9 at line 2 column 7); save it as UTF-8",
    ]);
}

#[test]
fn file_names_differing_only_in_case() {
    let s = Sandbox::new();
    let text = s.read("types/Tag.yaml");
    s.write(
        "types/TAG.yaml",
        &text.replacen("name: Tag", "name: TAG", 1),
    );
    s.assert_rejected(&[
        "types/Tag.yaml: types.Tag: file name differs from spec/demo/v1/types/TAG.yaml only in letter case or extension",
    ]);
}

#[test]
fn a_yaml_and_a_yml_file_of_one_action() {
    let s = Sandbox::new();
    let text = s.read("actions/ListWidgets.yaml");
    s.write("actions/ListWidgets.yml", &text);
    s.assert_rejected(&["actions/ListWidgets.yml: actions.ListWidgets: file name differs from spec/demo/v1/actions/ListWidgets.yaml"]);
}

#[test]
fn a_folder_without_service_yaml() {
    let s = Sandbox::new();
    s.remove("service.yaml");
    s.assert_rejected(&["spec/demo/v1: missing service.yaml"]);
}
