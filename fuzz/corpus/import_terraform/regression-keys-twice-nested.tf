locals {
  a = { x = 1, x = 2, "x" = 3, y = { z = 1, z = 2 } }
  a = 4
}
resource "aws_route53_zone" "z" {
  name = "1password.com"
}
resource "aws_route53_record" "r" {
  zone_id = aws_route53_zone.z.zone_id
  name = "9gag.1password.com"
  type = "CNAME"
  records = ["9gag.com"]
}
