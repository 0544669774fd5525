//! Secrets stay out of logs and `Debug`; credentials and region come from the environment and the
//! profile file. (One test per concern that touches process-wide state, in its own binary.)
#![cfg(all(feature = "cvm", feature = "default-transport"))]

mod support;

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::{
    Config, Credentials, HmacAlgorithm, HttpMethod, ProvideCredentials, SigningMethod,
};
use serde_json::json;
use support::{Captured, FakeCloud, Reply};

const SECRET_KEY: &str = "TOP-SECRET-KEY-never-logged";
const TOKEN: &str = "SESSION-TOKEN-never-logged";
const PASSWORD: &str = "Pa55word-never-logged";

#[tokio::test]
async fn logs_have_action_region_attempt_and_request_id_but_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = FakeCloud::start(|_, i| {
        if i % 2 == 0 {
            Reply::api3_error("InternalError", "try again", "req-retry")
        } else {
            Reply::ok(json!({"Response": {"InstanceIdSet": ["ins-1"], "RequestId": "req-ok-42"}}))
        }
    })
    .await;
    for signing in [
        SigningMethod::Tc3,
        SigningMethod::v1(HmacAlgorithm::HmacSha256, HttpMethod::Get),
    ] {
        let config = Config::new(Credentials::new("AKIDpublic", SECRET_KEY).with_token(TOKEN))
            .region("ap-guangzhou")
            .endpoint(server.endpoint())
            .signing(signing);
        let client = cvm::Client::new(config.clone());
        let request = client
            .run_instances()
            .placement(
                cvm::Placement::builder()
                    .zone("ap-guangzhou-2")
                    .build()
                    .unwrap(),
            )
            .image_id("img-1")
            .login_settings(
                cvm::LoginSettings::builder()
                    .password(PASSWORD)
                    .build()
                    .unwrap(),
            );
        // Debug of builders, requests, config and client.
        let debug = format!(
            "{request:?} {:?} {config:?} {client:?}",
            request.clone().build().unwrap()
        );
        for secret in [SECRET_KEY, TOKEN, PASSWORD] {
            assert!(!debug.contains(secret), "{secret} in Debug output");
        }
        request.send().await.unwrap();
    }
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "action=\"RunInstances\"",
        "region=\"ap-guangzhou\"",
        "attempt=2",
        "request_id=\"req-ok-42\"",
        "retrying",
    ] {
        assert!(logs.contains(expected), "logs lack {expected}:\n{logs}");
    }
    for secret in [
        SECRET_KEY,
        TOKEN,
        PASSWORD,
        "Signature",
        "TC3-HMAC-SHA256 Credential",
    ] {
        assert!(
            !logs.contains(secret),
            "{secret} leaked into the logs:\n{logs}"
        );
    }
}

#[tokio::test]
async fn credentials_and_region_from_the_environment_and_the_profile_file() {
    // This binary's only test touching the environment.
    let dir = std::env::temp_dir().join(format!("env-credentials-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = dir.join("credentials");
    std::fs::write(
        &profile,
        "[default]\nsecret_id = AKIDfile\nsecret_key = file-key\n",
    )
    .unwrap();
    for name in [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_TOKEN",
        "TENCENTCLOUD_SECURITY_TOKEN",
        "TENCENTCLOUD_REGION",
    ] {
        std::env::remove_var(name);
    }
    std::env::set_var("TENCENTCLOUD_CREDENTIALS_FILE", &profile);
    std::env::set_var("HOME", &dir);

    // Nothing in the environment: from_env fails with a clear message; the chain finds the file.
    let e = Config::from_env().unwrap_err();
    assert!(
        e.to_string()
            .contains("TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY"),
        "{e}"
    );
    let chain = generated_sdk::runtime::CredentialsChain::default_chain();
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDfile"
    );
    assert_eq!(Config::from_default_chain().region_name(), None);

    // Environment variables win, with the token from TENCENTCLOUD_SECURITY_TOKEN and the region.
    std::env::set_var("TENCENTCLOUD_SECRET_ID", "AKIDenv");
    std::env::set_var("TENCENTCLOUD_SECRET_KEY", "env-key");
    std::env::set_var("TENCENTCLOUD_SECURITY_TOKEN", "env-token");
    std::env::set_var("TENCENTCLOUD_REGION", "ap-shanghai");
    let config = Config::from_env().unwrap();
    assert_eq!(config.region_name(), Some("ap-shanghai"));
    let c = generated_sdk::runtime::EnvironmentCredentials
        .credentials()
        .unwrap();
    assert_eq!(
        (c.secret_id(), c.secret_key(), c.token()),
        ("AKIDenv", "env-key", Some("env-token"))
    );
    std::env::set_var("TENCENTCLOUD_TOKEN", "preferred-token");
    assert_eq!(
        generated_sdk::runtime::EnvironmentCredentials
            .credentials()
            .unwrap()
            .token(),
        Some("preferred-token")
    );
    // A chain keeps to the provider that answered first; a new one finds the environment first.
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDfile"
    );
    let chain = generated_sdk::runtime::CredentialsChain::default_chain();
    assert_eq!(
        chain.provide_credentials().await.unwrap().secret_id(),
        "AKIDenv"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
