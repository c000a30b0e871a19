"""--verify-signatures through the AWS CLI signing real requests: the right secret works in the
account the credentials file names, a wrong secret is SignatureDoesNotMatch, an unknown key
InvalidClientTokenId, and --no-sign-request MissingAuthenticationToken (each exit status 254)."""

from ecl_cli import CliTestCase
from ecl_harness import main
from test_security import ACCOUNT, KEY_ID, SECRET, SignedServer

SIGNED = {"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET}


class SignedCli(SignedServer, CliTestCase):

    def refused(self, code, env, *args):
        result = self.aws(*(args or ("describe-cache-clusters",)), expect_ok=False,
                          extra_env=env)
        self.assertEqual(result.returncode, 254, result.stderr)
        self.assertIn(f"An error occurred ({code})", result.stderr)
        return result.stderr

    def test_the_right_secret_works_in_the_files_account(self):
        out = self.aws("create-cache-parameter-group", "--cache-parameter-group-name", "cli",
                       "--cache-parameter-group-family", "redis7", "--description", "by cli",
                       extra_env=SIGNED)
        self.assertIn(f":{ACCOUNT}:parametergroup:cli", out["CacheParameterGroup"]["ARN"])
        names = [g["CacheParameterGroupName"] for g in self.aws(
            "describe-cache-parameter-groups", extra_env=SIGNED)["CacheParameterGroups"]]
        self.assertIn("cli", names)

    def test_a_wrong_secret_is_signature_does_not_match(self):
        stderr = self.refused("SignatureDoesNotMatch",
                              dict(SIGNED, AWS_SECRET_ACCESS_KEY="wrong-secret"),
                              "create-cache-parameter-group", "--cache-parameter-group-name",
                              "nope", "--cache-parameter-group-family", "redis7",
                              "--description", "d")
        self.assertIn("The request signature we calculated does not match", stderr)
        names = [g["CacheParameterGroupName"] for g in self.ec.describe_cache_parameter_groups(
            MaxRecords=100)["CacheParameterGroups"]]
        self.assertNotIn("nope", names)

    def test_an_unknown_key_is_invalid_client_token_id(self):
        stderr = self.refused("InvalidClientTokenId", dict(SIGNED, AWS_ACCESS_KEY_ID="AKIDCLI"))
        self.assertIn("The security token included in the request is invalid.", stderr)

    def test_no_sign_request_is_missing_authentication_token(self):
        stderr = self.refused("MissingAuthenticationToken", SIGNED, "describe-cache-clusters",
                              "--no-sign-request")
        self.assertIn("Request is missing Authentication Token", stderr)


if __name__ == "__main__":
    main()
