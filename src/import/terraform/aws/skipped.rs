//! Resource types that hold no topology: permissions, keys, logs, alarms, parameters,
//! random values and settings of other resources. An import does not warn about each
//! (a real configuration has dozens); the report counts them by type in one line, and
//! warns only about types that might carry servers or traffic infrac does not read.

/// Whether resources of `kind` (`data.` for data sources) never make servers, services,
/// zones or traffic.
pub fn holds_no_topology(kind: &str) -> bool {
    if let Some(data) = kind.strip_prefix("data.") {
        return DATA.contains(&data) || PREFIXES.iter().any(|p| data.starts_with(p));
    }
    EXACT.contains(&kind) || PREFIXES.iter().any(|p| kind.starts_with(p))
}

/// Families of types, by prefix.
const PREFIXES: &[&str] = &[
    "aws_iam_",
    "aws_kms_",
    "aws_cloudwatch_",
    "aws_ssm_",
    "aws_secretsmanager_",
    "aws_cloudtrail",
    "aws_config_",
    "aws_guardduty_",
    "aws_securityhub_",
    "aws_backup_",
    "aws_budgets_",
    "aws_ecr_",
    "aws_sns_topic_",
    "aws_appautoscaling_",
    "aws_flow_log",
    "aws_default_",
    "aws_resourcegroups_",
    "aws_servicequotas_",
    "aws_organizations_",
    "aws_db_parameter_group",
    "aws_db_option_group",
    "aws_rds_cluster_parameter_group",
    "aws_elasticache_parameter_group",
    "aws_elasticache_user",
    "aws_msk_configuration",
    "aws_mq_configuration",
    "aws_wafv2_",
    "aws_shield_",
    "aws_lambda_permission",
    "aws_route53_health_check",
    "aws_route53_query_log",
    "aws_s3_bucket_",
    "aws_s3_object",
    "aws_cloudfront_origin_access",
    "aws_cloudfront_cache_policy",
    "aws_cloudfront_origin_request_policy",
    "aws_cloudfront_response_headers_policy",
    "aws_cloudfront_function",
    "aws_cloudfront_monitoring_subscription",
    "aws_cloudfront_public_key",
    "aws_cloudfront_key_group",
    "aws_cloudfront_realtime_log_config",
    "aws_vpc_endpoint",
    "aws_vpc_dhcp_options",
    "aws_main_route_table",
    "aws_eip",
    "aws_subnet",
    "aws_key_pair",
    "aws_placement_group",
    "aws_ebs_",
    "aws_volume_attachment",
    "aws_lb_listener_certificate",
    "aws_ses_",
    "aws_cognito_",
    "random_",
    "time_",
    "tls_",
    "local_",
    "archive_",
    "template_",
];

const EXACT: &[&str] = &[
    "null_resource",
    "terraform_data",
    "aws_acm_certificate_validation",
    "aws_vpc",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_route",
    "aws_route_table",
    "aws_route_table_association",
];

/// Data sources that only look things up: AMIs, zones, identities, policies.
const DATA: &[&str] = &[
    "aws_ami",
    "aws_availability_zones",
    "aws_caller_identity",
    "aws_region",
    "aws_partition",
    "aws_vpc",
    "aws_subnets",
    "aws_subnet",
    "aws_subnet_ids",
    "aws_route53_zone",
    "aws_acm_certificate",
    "aws_elb_service_account",
    "aws_canonical_user_id",
    "aws_ssm_parameter",
    "aws_secretsmanager_secret_version",
    "terraform_remote_state",
    "http",
    "external",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_and_settings_hold_no_topology() {
        for kind in [
            "aws_iam_role",
            "aws_kms_key",
            "aws_cloudwatch_log_group",
            "random_password",
            "null_resource",
            "data.aws_iam_policy_document",
            "data.aws_ami",
            "aws_s3_bucket_versioning",
        ] {
            assert!(holds_no_topology(kind), "{kind}");
        }
        for kind in [
            "aws_instance",
            "aws_s3_bucket",
            "aws_lambda_function",
            "aws_nat_gateway",
            "google_compute_instance",
            "data.aws_instance",
        ] {
            assert!(!holds_no_topology(kind), "{kind}");
        }
    }
}
