//! The default transport takes its proxy from the environment (`HTTP_PROXY` here). Its own test
//! binary: it changes process-wide environment variables.
#![cfg(all(feature = "cvm", feature = "default-transport"))]

mod support;

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::{Config, Credentials};
use support::{FakeCloud, Reply, SECRET_ID, SECRET_KEY};

#[tokio::test]
async fn requests_go_through_the_proxy_named_by_http_proxy() {
    // The fake cloud plays the proxy; the endpoint's host does not resolve, so only the proxy can
    // have delivered the request.
    let proxy = FakeCloud::start(|_, _| {
        Reply::ok(serde_json::json!({"Response": {"TotalCount": 0, "RegionSet": [], "RequestId": "via-proxy"}}))
    })
    .await;
    std::env::set_var("HTTP_PROXY", proxy.endpoint());
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");
    let config = Config::new(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint("http://cvm.proxied.invalid");
    let out = cvm::Client::new(config)
        .describe_regions()
        .send()
        .await
        .unwrap();
    assert_eq!(out.request_id, "via-proxy");
    let request = &proxy.requests()[0];
    assert_eq!(request.header("host"), Some("cvm.proxied.invalid"));
    request
        .verify(&cvm::SERVICE, SECRET_ID, SECRET_KEY)
        .unwrap();
}
