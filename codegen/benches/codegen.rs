//! Codegen speed: the whole pipeline (load, validate, emit, format) over every spec in `spec/`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    c.bench_function("load + validate every spec", |b| {
        b.iter(|| codegen::load_ir(&spec, "spec").unwrap())
    });
    c.bench_function("generate every spec", |b| {
        b.iter(|| codegen::generate(&spec, "spec").unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
