//! The minimal service of spec/README.md is a complete, valid spec: its files, taken from the page,
//! generate a module with the promised client method, paginator, error enum, data type and enum.

use std::path::Path;

#[test]
fn the_minimal_example_service_generates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = std::fs::read_to_string(root.join("spec/README.md")).unwrap();
    let section = &readme[readme
        .find("## A minimal complete service")
        .expect("spec/README.md has the minimal example")..];
    let dir = std::env::temp_dir().join(format!("spec-readme-example-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut files = 0;
    // Each file is announced as "`spec/<path>`:" and followed by a ```yaml block.
    let mut rest = section;
    while let Some(start) = rest.find("`spec/") {
        let after = &rest[start + 1..];
        let name_end = after.find('`').unwrap();
        let path = &after["spec/".len()..name_end];
        let block_start = after.find("```yaml\n").unwrap() + "```yaml\n".len();
        let block_len = after[block_start..].find("```").unwrap();
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &after[block_start..block_start + block_len]).unwrap();
        files += 1;
        rest = &after[block_start + block_len..];
    }
    assert_eq!(files, 3, "service.yaml, one action and one data type");
    let generated = codegen::generate(&dir, "spec")
        .unwrap_or_else(|e| panic!("the README's example is not a valid spec: {e:#}"));
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, text)| text.as_str())
            .unwrap_or_else(|| panic!("{path} generated"))
    };
    let client = file("src/demo/v20200101/client.rs");
    assert!(client.contains("pub fn describe_widgets("), "{client}");
    let action = file("src/demo/v20200101/describe_widgets.rs");
    assert!(action.contains("DescribeWidgetsErrorCode for DescribeWidgetsError common {"));
    assert!(action.contains("fn into_paginator("));
    assert!(file("src/demo/v20200101/types.rs").contains("pub struct Widget"));
    assert!(file("src/demo/v20200101/enums.rs").contains("WidgetSize"));
    assert!(generated.blocks.cargo_features.contains("\ndemo = []\n"));
    let _ = std::fs::remove_dir_all(&dir);
}
