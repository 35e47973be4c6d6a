#!/bin/sh
# One-shot set-up of the moto emulator for docker compose (run by the `init` service, amazon/aws-cli
# image, AWS_ENDPOINT_URL pointing at moto). Idempotent: re-running it reuses what already exists.
#  1. the access-log bucket the config names (log-delivery ACL, as S3 server access logging needs);
#  2. the public hosted zone and the ACM certificate of the website domain;
#  3. /config/config.yaml from the template, with the zone id and certificate ARN that moto chose.
set -eu

DOMAIN="${SITE_DOMAIN:-sites.s3api.test}"
LOG_BUCKET="${LOG_BUCKET:-s3-api-access-logs-123456789012}"
TEMPLATE="${CONFIG_TEMPLATE:-/init/config.template.yaml}"
OUT="${CONFIG_OUT:-/config/config.yaml}"

if aws s3api head-bucket --bucket "$LOG_BUCKET" >/dev/null 2>&1; then
  echo "init: bucket $LOG_BUCKET exists"
else
  aws s3api create-bucket --bucket "$LOG_BUCKET" --acl log-delivery-write >/dev/null
  echo "init: created bucket $LOG_BUCKET"
fi

zone=$(aws route53 list-hosted-zones-by-name --dns-name "$DOMAIN." \
  --query "HostedZones[?Name=='$DOMAIN.'].Id | [0]" --output text)
if [ -z "$zone" ] || [ "$zone" = "None" ]; then
  zone=$(aws route53 create-hosted-zone --name "$DOMAIN" --caller-reference "s3-api-compose-$(date +%s)" \
    --query HostedZone.Id --output text)
  echo "init: created hosted zone $zone"
fi
zone="${zone##*/}"   # /hostedzone/Z123... -> Z123...

cert=$(aws acm list-certificates --region us-east-1 \
  --query "CertificateSummaryList[?DomainName=='*.$DOMAIN'].CertificateArn | [0]" --output text)
if [ -z "$cert" ] || [ "$cert" = "None" ]; then
  cert=$(aws acm request-certificate --region us-east-1 --domain-name "*.$DOMAIN" \
    --validation-method DNS --query CertificateArn --output text)
  echo "init: requested certificate $cert"
fi

sed -e "s|__HOSTED_ZONE_ID__|$zone|" -e "s|__CERTIFICATE_ARN__|$cert|" "$TEMPLATE" > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
chmod 0644 "$OUT"
echo "init: wrote $OUT (zone $zone, certificate $cert)"
