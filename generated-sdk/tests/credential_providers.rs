//! Temporary credentials end to end on loopback: a fake instance metadata service and a fake STS
//! issue keys that live four seconds; a fake CVM accepts a request only when its signature and
//! token are those of a key that has not expired. Many concurrent calls across a refresh see no
//! auth failure, and each refresh is one fetch however many calls wait.
#![cfg(all(feature = "cvm", feature = "sts", feature = "default-transport"))]

mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::{
    AssumeRoleCredentials, Config, Credentials, CvmRoleCredentials, OidcRoleCredentials,
    ProvideCredentials, SdkError,
};
use generated_sdk::sts::v20180813 as sts;
use serde_json::json;
use support::{FakeCloud, Received, Reply, SECRET_ID, SECRET_KEY};

/// How long the fake services' keys live.
const LIFETIME_SECS: u64 = 4;

/// Keys issued by a fake credentials service, as the fake cloud checks them.
#[derive(Default)]
struct Issuer {
    keys: Mutex<HashMap<String, (String, String, SystemTime)>>,
    issued: AtomicUsize,
}

impl Issuer {
    /// A new key, token and Unix expiry.
    fn issue(&self) -> (String, String, String, u64) {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let expired_time = now_secs() + LIFETIME_SECS;
        let (id, key, token) = (
            format!("AKIDtmp{n}"),
            format!("tmp-key-{n}"),
            format!("token-{n}"),
        );
        self.keys.lock().unwrap().insert(
            id.clone(),
            (
                key.clone(),
                token.clone(),
                UNIX_EPOCH + Duration::from_secs(expired_time),
            ),
        );
        (id, key, token, expired_time)
    }

    /// Why the fake cloud refuses `r`, if it does.
    fn refuse(&self, r: &Received) -> Option<String> {
        let authorization = r.header("authorization").unwrap_or_default();
        let id = authorization
            .split("Credential=")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default();
        let keys = self.keys.lock().unwrap();
        let Some((key, token, expiry)) = keys.get(id) else {
            return Some(format!("unknown secret id {id:?}"));
        };
        if *expiry <= SystemTime::now() {
            return Some(format!("{id} has expired"));
        }
        if r.header("x-tc-token") != Some(token.as_str()) {
            return Some(format!("{id} came without its token"));
        }
        r.verify(&cvm::SERVICE, id, key).err()
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The fake CVM's answer to DescribeZones, or AuthFailure.
fn cvm_reply(issuer: &Issuer, r: &Received) -> Reply {
    match issuer.refuse(r) {
        None => {
            Reply::ok(json!({"Response": {"TotalCount": 0, "ZoneSet": [], "RequestId": "rid-ok"}}))
        }
        Some(reason) => Reply::api3_error("AuthFailure.SecretIdNotFound", &reason, "rid-auth"),
    }
}

/// `n` DescribeZones at once; every one must succeed.
async fn burst(client: &cvm::Client, n: usize) {
    let calls = (0..n).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.describe_zones().send().await })
    });
    for call in futures_util::future::join_all(calls).await {
        if let Err(e) = call.unwrap() {
            panic!("a call failed: {e}");
        }
    }
}

fn cvm_client(credentials: impl ProvideCredentials, cloud: &FakeCloud) -> cvm::Client {
    cvm::Client::new(
        Config::new(credentials)
            .region("ap-guangzhou")
            .endpoint(cloud.endpoint())
            .rate_limiting(false),
    )
}

/// 200 calls at once (one fetch), then, past the refresh point (half the keys' life) but before
/// expiry, 200 more (exactly one more fetch), then 200 spread over the next expiry.
async fn across_refreshes(client: &cvm::Client, fetches: impl Fn() -> usize, cloud: &FakeCloud) {
    burst(client, 200).await;
    assert_eq!(fetches(), 1, "one fetch for 200 concurrent calls");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    burst(client, 200).await;
    assert_eq!(fetches(), 2, "one refresh for 200 concurrent calls");
    // 200 calls, one every 25 ms: 5 s, across the second key's expiry.
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let client = client.clone();
        tasks.push(tokio::spawn(
            async move { client.describe_zones().send().await },
        ));
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    for task in tasks {
        if let Err(e) = task.await.unwrap() {
            panic!("a call failed: {e}");
        }
    }
    // Keys live 3-4 s and are refreshed at half their life: 5 s need 2 or 3 more fetches.
    let total = fetches();
    assert!((3..=5).contains(&total), "{total} fetches");
    let described = cloud
        .requests()
        .iter()
        .filter(|r| r.header("x-tc-action") == Some("DescribeZones"))
        .count();
    assert_eq!(
        described, 600,
        "every call reached the cloud once (no retries)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cvm_role_from_the_metadata_service() {
    let issuer = Arc::new(Issuer::default());
    let role_lookups = Arc::new(AtomicUsize::new(0));
    let metadata = {
        let issuer = issuer.clone();
        let role_lookups = role_lookups.clone();
        FakeCloud::start(move |r, _| match r.path.as_str() {
            "/latest/meta-data/cam/security-credentials/" => {
                role_lookups.fetch_add(1, Ordering::SeqCst);
                Reply::Raw(200, "text/plain", "CVM_QcsRole\n".to_owned())
            }
            "/latest/meta-data/cam/security-credentials/CVM_QcsRole" => {
                let (id, key, token, expired_time) = issuer.issue();
                Reply::ok(json!({
                    "TmpSecretId": id, "TmpSecretKey": key, "Token": token,
                    "ExpiredTime": expired_time, "Expiration": "2026-11-30T00:00:00Z",
                    "Code": "Success"
                }))
            }
            _ => Reply::Raw(404, "text/plain", "not found".to_owned()),
        })
        .await
    };
    let cloud = {
        let issuer = issuer.clone();
        FakeCloud::start(move |r, _| cvm_reply(&issuer, r)).await
    };
    let provider = CvmRoleCredentials::new().with_url(format!(
        "{}/latest/meta-data/cam/security-credentials/",
        metadata.endpoint()
    ));
    let client = cvm_client(provider, &cloud);
    let fetches = || issuer.issued.load(Ordering::SeqCst);
    across_refreshes(&client, fetches, &cloud).await;
    // The role was discovered once per fetch, never more.
    assert_eq!(role_lookups.load(Ordering::SeqCst), fetches());
}

#[tokio::test]
async fn cvm_role_errors_are_clear() {
    // Nothing listens: unreachable.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/latest/meta-data/cam/security-credentials/",
        closed.local_addr().unwrap()
    );
    drop(closed);
    let e = CvmRoleCredentials::new()
        .with_url(&url)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("metadata service") && e.to_string().contains("unreachable"),
        "{e}"
    );
    // Through a client: a credentials error, nothing sent.
    let cloud = FakeCloud::start(|_, _| Reply::ok(json!({}))).await;
    let client = cvm_client(CvmRoleCredentials::new().with_url(&url), &cloud);
    let e = client.describe_zones().send().await.unwrap_err();
    assert!(matches!(e, SdkError::Credentials(_)), "{e}");
    assert!(cloud.requests().is_empty());
    // No role bound (404), and a refusal.
    let metadata = FakeCloud::start(|r, _| {
        if r.path.ends_with("/Refused") {
            Reply::ok(json!({"Code": "RoleNotAuthorized"}))
        } else {
            Reply::Raw(404, "text/plain", "no role".to_owned())
        }
    })
    .await;
    let base = format!("{}/meta/", metadata.endpoint());
    let e = CvmRoleCredentials::new()
        .with_url(&base)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("no CAM role is bound"), "{e}");
    let e = CvmRoleCredentials::new()
        .with_url(&base)
        .with_role("Refused")
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("RoleNotAuthorized"), "{e}");
}

/// A fake STS + CVM on one server: STS actions by `X-TC-Action`, the rest is CVM.
async fn sts_and_cloud(
    issuer: Arc<Issuer>,
    check_sts: impl Fn(&Received) -> Result<(), String> + Send + Sync + 'static,
) -> FakeCloud {
    FakeCloud::start(move |r, _| match r.header("x-tc-action") {
        Some("AssumeRole" | "AssumeRoleWithWebIdentity") => match check_sts(r) {
            Ok(()) => {
                let (id, key, token, expired_time) = issuer.issue();
                Reply::ok(json!({"Response": {
                    "Credentials": {"TmpSecretId": id, "TmpSecretKey": key, "Token": token},
                    "ExpiredTime": expired_time, "Expiration": "2026-11-30T00:00:00Z",
                    "RequestId": "rid-sts"
                }}))
            }
            Err(reason) => {
                Reply::api3_error("AuthFailure.SignatureFailure", &reason, "rid-sts-auth")
            }
        },
        _ => cvm_reply(&issuer, r),
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sts_assume_role_signed_with_base_credentials() {
    let issuer = Arc::new(Issuer::default());
    let cloud = sts_and_cloud(issuer.clone(), |r| {
        r.verify(&sts::SERVICE, SECRET_ID, SECRET_KEY)?;
        let body = r.json();
        if body["RoleArn"] != "qcs::cam::uin/100000000001:roleName/deployer"
            || body["DurationSeconds"] != 900
            || body["RoleSessionName"] != "fleet-1"
        {
            return Err(format!("unexpected AssumeRole body {body}"));
        }
        Ok(())
    })
    .await;
    let endpoint = cloud.endpoint();
    let provider = AssumeRoleCredentials::new(
        Credentials::new(SECRET_ID, SECRET_KEY),
        "qcs::cam::uin/100000000001:roleName/deployer",
        "ap-guangzhou",
    )
    .with_session_name("fleet-1")
    .with_duration(Duration::from_secs(900))
    .configure(move |c| c.endpoint(endpoint));
    let client = cvm_client(provider, &cloud);
    let fetches = || issuer.issued.load(Ordering::SeqCst);
    across_refreshes(&client, fetches, &cloud).await;
    let assumed = cloud
        .requests()
        .iter()
        .filter(|r| r.header("x-tc-action") == Some("AssumeRole"))
        .count();
    assert_eq!(assumed, fetches(), "every AssumeRole issued the key used");
}

#[tokio::test]
async fn sts_errors_are_clear() {
    let issuer = Arc::new(Issuer::default());
    let cloud = sts_and_cloud(issuer, |_| Err("the role does not trust you".to_owned())).await;
    let endpoint = cloud.endpoint();
    let provider = AssumeRoleCredentials::new(
        Credentials::new(SECRET_ID, SECRET_KEY),
        "qcs::cam::uin/1:roleName/r",
        "ap-guangzhou",
    )
    .configure(move |c| c.endpoint(endpoint));
    let e = provider.provide_credentials().await.unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.contains("STS AssumeRole of qcs::cam::uin/1:roleName/r failed")
            && shown.contains("AuthFailure.SignatureFailure"),
        "{shown}"
    );
    assert!(!shown.contains(SECRET_KEY));
    // Unreachable STS.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let e =
        AssumeRoleCredentials::new(Credentials::new(SECRET_ID, SECRET_KEY), "r", "ap-guangzhou")
            .configure(move |c| {
                c.endpoint(url.clone())
                    .retry(generated_sdk::runtime::RetryConfig::disabled())
            })
            .provide_credentials()
            .await
            .unwrap_err();
    assert!(
        e.to_string()
            .contains("STS AssumeRole of r failed: transport"),
        "{e}"
    );
}

/// The only test of this binary that sets `TKE_*` variables.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn tke_oidc_from_the_environment_and_the_token_file() {
    let dir = std::env::temp_dir().join(format!("tke-oidc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let token_file = dir.join("token");
    std::fs::write(&token_file, "oidc-token-1\n").unwrap();
    let provider = OidcRoleCredentials::from_tke_env();
    // Not in TKE: the variables are named.
    for name in [
        "TKE_REGION",
        "TKE_PROVIDER_ID",
        "TKE_WEB_IDENTITY_TOKEN_FILE",
        "TKE_ROLE_ARN",
    ] {
        std::env::remove_var(name);
    }
    let e = provider.provide_credentials().await.unwrap_err();
    assert!(
        e.to_string().contains(
            "TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN not set"
        ),
        "{e}"
    );

    std::env::set_var("TKE_REGION", "ap-shanghai");
    std::env::set_var("TKE_PROVIDER_ID", "tke-cluster-oidc");
    std::env::set_var("TKE_WEB_IDENTITY_TOKEN_FILE", &token_file);
    std::env::set_var("TKE_ROLE_ARN", "qcs::cam::uin/100000000001:roleName/pod");
    let tokens = Arc::new(Mutex::new(Vec::new()));
    let issuer = Arc::new(Issuer::default());
    let cloud = {
        let tokens = tokens.clone();
        sts_and_cloud(issuer.clone(), move |r| {
            // Unsigned: no signature, no token; the OIDC token authenticates.
            if r.header("authorization") != Some("SKIP") || r.header("x-tc-token").is_some() {
                return Err("AssumeRoleWithWebIdentity must be unsigned".to_owned());
            }
            if r.header("x-tc-region") != Some("ap-shanghai") {
                return Err("the region comes from TKE_REGION".to_owned());
            }
            let body = r.json();
            if body["ProviderId"] != "tke-cluster-oidc"
                || body["RoleArn"] != "qcs::cam::uin/100000000001:roleName/pod"
                || body["DurationSeconds"] != 7200
                || !body["RoleSessionName"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("generated-sdk-rust-"))
            {
                return Err(format!("unexpected body {body}"));
            }
            tokens.lock().unwrap().push(
                body["WebIdentityToken"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
            Ok(())
        })
        .await
    };
    let endpoint = cloud.endpoint();
    let provider =
        OidcRoleCredentials::from_tke_env().configure(move |c| c.endpoint(endpoint.clone()));
    let client = cvm_client(provider, &cloud);
    burst(&client, 50).await;
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 1);
    // TKE rotates the token file: the next refresh sends the new token.
    std::fs::write(&token_file, "oidc-token-2").unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    burst(&client, 50).await;
    assert_eq!(
        *tokens.lock().unwrap(),
        vec!["oidc-token-1", "oidc-token-2"]
    );
    // A missing token file is named.
    std::fs::remove_file(&token_file).unwrap();
    let e = OidcRoleCredentials::from_tke_env()
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("cannot read the web identity token file"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
