//! Service and action metadata shared by the runtime's unit tests.

use super::{ActionMetadata, Protocol, ServiceMetadata};

pub static CVM: ServiceMetadata = ServiceMetadata {
    name: "cvm",
    signing_name: "cvm",
    version: "2017-03-12",
    protocol: Protocol::TencentApi3,
    host: "cvm.tencentcloudapi.com",
    regional_host: Some("cvm.{region}.tencentcloudapi.com"),
    path: "/",
    regional_only: &["ap-shanghai-fsi", "ap-shenzhen-fsi"],
    regions: &[],
};

/// `DescribeZones`: read-only, region required, finance regions.
pub static DESCRIBE_ZONES: ActionMetadata = action("DescribeZones", true, false);

/// `CreateWidget`-like: not read-only, no token, region optional.
pub static CREATE_WIDGET: ActionMetadata = action("CreateWidget", false, false);

pub const fn action(name: &'static str, read_only: bool, token: bool) -> ActionMetadata {
    ActionMetadata {
        service: &CVM,
        action: name,
        rate_limit: 10,
        idempotency_token: if token { Some("ClientToken") } else { None },
        paginated: false,
        region_required: read_only,
        finance_regions: true,
        read_only,
        unsigned: false,
    }
}
