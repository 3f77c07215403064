resource "aws_instance" "web" {
  ami = "ami-1"
  tags = {
    Name = "first"
    Name = "web-server"
  }
}
resource "aws_instance" "db" {
  ami = "ami-1"
  ami = "ami-2"
  tags = { Name = "db" }
}
