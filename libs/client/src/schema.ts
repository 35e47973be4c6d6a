// Generated from openapi.yaml by `npm run openapi`. Do not edit.
export interface paths {
    "/v1/s3/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics: process, HTTP requests and AWS calls */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness ping: answers pong */
        get: operations["ping"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Version, git commit and build time of this server */
        get: operations["getVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness probe */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness probe: this process can serve (configuration loaded, event loop keeping up) */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/health/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether each account this token may use can be reached
         * @description Each account's credentials are checked through STS at most once a minute. The metric `s3api_account_reachable` says the same for every account.
         */
        get: operations["getAccountsHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The token's name and the accounts it may use
         * @description Answered from the configuration alone, with no AWS call. Any other account answers 403 AccountNotAllowed.
         */
        get: operations["whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/buckets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the names of all buckets of the account, or a page of them */
        get: operations["listBuckets"];
        put?: never;
        /**
         * Create a bucket with its admin policy and group
         * @description Creates the bucket (encrypted with SSE-S3, Block Public Access on, access logging to the account's log bucket, tagged, with the lifecycle preset if asked) and its admin policy `<bucket>-BktAdmPlc` and group `<bucket>-BktAdmGrp`. Any failure undoes everything already done and answers with the error of the step that failed.
         */
        post: operations["createBucket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/buckets/{bucket}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a bucket: tags, logging, emptiness, region, encryption, public access block */
        get: operations["getBucket"];
        /**
         * Replace the client tags and/or the bucket policy
         * @description Client tags are replaced, not merged; the system tags on the bucket are kept. `BucketPolicy` replaces the bucket policy: it may name only this bucket and its objects, may not allow everyone (`"*"`), may not use NotPrincipal, NotAction or NotResource, and may not deny this service what it needs on the bucket (a Deny of plain HTTP is fine). S3 receives the parsed document, re-serialised. A website's bucket changes only through the website routes. If the policy is refused after the tags were written, the previous tags are restored. Answers with what was set.
         */
        put: operations["updateBucket"];
        post?: never;
        /**
         * Delete an empty bucket and everything this service made for it
         * @description Refuses a bucket holding any object. Removes the bucket's users (users that also belong to other buckets only lose their memberships), their keys, all of the bucket's groups and policies, then the bucket. A delete that failed half-way can be repeated and finishes the job; a repeat for a bucket already gone still removes what is left in IAM (404 when nothing is).
         */
        delete: operations["deleteBucket"];
        options?: never;
        /** Check that a bucket exists in this account (no body) */
        head: operations["headBucket"];
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/buckets/{bucket}/adopt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bring a bucket made by older tooling under the service, with its IAM groups, policies and users
         * @description Takes no body. Moves the groups `<bucket>-BktAdmGrp`, `-BktRWGrp` and `-BktROGrp` found at the IAM path `/` under `/s3-api/<bucket>/`, recreates their policies there with the same document (the group keeps its rights throughout), moves the users that belong to those groups only, then tags the bucket as the service's. A policy also attached elsewhere, a user in other groups too, and every other IAM entity stay as they are. Refused: a bucket already the service's, an access-log bucket, one carrying another deployment's `s3-api:` tags, a website's bucket. Changes nothing else of the bucket. Repeating an adopt that failed half-way finishes it.
         */
        post: operations["adoptBucket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/buckets/{bucket}/duck": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a Cyberduck bookmark for the bucket (no secrets inside) */
        get: operations["getBucketBookmark"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/buckets/{bucket}/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the bucket's users (members of its groups), or a page of them */
        get: operations["listBucketUsers"];
        put?: never;
        /**
         * Create a user of the bucket, with its groups and an access key
         * @description **The answer holds the secret of the new access key (`AccessKey.SecretAccessKey`): this is the only time it is shown. Store it now.**
         */
        post: operations["createBucketUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/buckets/{bucket}/users/{user}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a user of the bucket: keys (no secrets), the bucket's groups and their policies */
        get: operations["getBucketUser"];
        /**
         * Replace the user's access key: a new one is made, then the old ones are deleted
         * @description **The answer holds the secret of the new access key (`AccessKey.SecretAccessKey`): this is the only time it is shown. Store it now.**
         */
        put: operations["resetBucketUserKeys"];
        post?: never;
        /** Delete a user of the bucket with its keys and memberships */
        delete: operations["deleteBucketUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/websites/{website}/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the website's users (members of its groups), or a page of them */
        get: operations["listWebsiteUsers"];
        put?: never;
        /**
         * Create a user of the website (optionally limited to a prefix), with its groups and an access key
         * @description **The answer holds the secret of the new access key (`AccessKey.SecretAccessKey`): this is the only time it is shown. Store it now.**
         */
        post: operations["createWebsiteUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/websites/{website}/users/{user}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Show a user of the website: keys (no secrets), the website's groups and their policies */
        get: operations["getWebsiteUser"];
        /**
         * Replace the user's access key: a new one is made, then the old ones are deleted
         * @description **The answer holds the secret of the new access key (`AccessKey.SecretAccessKey`): this is the only time it is shown. Store it now.**
         */
        put: operations["resetWebsiteUserKeys"];
        post?: never;
        /** Delete a user of the website with its keys and memberships */
        delete: operations["deleteWebsiteUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/websites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the names of all websites of the account, or a page of them
         * @description Found by the service's tags (the Resource Groups Tagging API), so the cost grows with the websites, not with the account's buckets. That index lags a little behind: a website made or deleted a moment ago may be missing or still listed.
         */
        get: operations["listWebsites"];
        put?: never;
        /** Create a static website: bucket, CloudFront distribution, DNS alias records, admin and web-admin groups */
        post: operations["createWebsite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/websites/{website}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tags, logging, emptiness, DNS record and distribution of a website */
        get: operations["getWebsite"];
        /** Replace the client tags of the website's bucket and distribution */
        put: operations["updateWebsite"];
        post?: never;
        /** Delete a website: its users, groups, policies, DNS records, placeholders and bucket; the distribution is disabled (deleted later) */
        delete: operations["deleteWebsite"];
        options?: never;
        /** Check that a website exists (no body) */
        head: operations["headWebsite"];
        /** Invalidate paths in the website's CloudFront cache */
        patch: operations["invalidateWebsiteCache"];
        trace?: never;
    };
    "/v1/s3/{account}/websites/{website}/migrate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a website made before origin access controls to a private bucket: CloudFront reads it through an origin access control
         * @description Creates the viewer-request function, points the distribution at the bucket’s REST endpoint signed by the account’s origin access control, replaces the public-read bucket policy by one for that distribution alone and turns Block Public Access back on, then reads it all back; any failure puts every step back. A website that reads through an origin access control already is answered as it is (`Migrated: false`). Edges that still run the old configuration answer 403 until CloudFront has deployed the change (minutes).
         */
        post: operations["migrateWebsite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/s3/{account}/websites/{website}/duck": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cyberduck bookmark (XML plist) for the website's bucket */
        get: operations["getWebsiteBookmark"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        VersionResponse: {
            /**
             * @description Package version.
             * @example 1.0.0
             */
            version: string;
            /**
             * @description Git commit the server was built from.
             * @example 3f9c2d41a0b6e8f7c5d4b3a2918f7e6d5c4b3a29
             */
            gitHash: string;
            /**
             * @description When the server was built (ISO-8601 UTC).
             * @example 2026-11-24T07:00:00.000Z
             */
            buildStamp: string;
        };
        HealthIndicator: {
            /**
             * @example up
             * @enum {string}
             */
            status: "up" | "down";
            /**
             * @description How late the event loop ran since the previous probe, in milliseconds (readiness).
             * @example 3
             */
            lagMs?: number;
            /** @description Why the check is down. */
            error?: string;
        };
        HealthCheck: {
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok" | "error" | "shutting_down";
            /**
             * @description The checks that are up.
             * @example {
             *       "eventLoop": {
             *         "status": "up",
             *         "lagMs": 3
             *       }
             *     }
             */
            info?: {
                [key: string]: components["schemas"]["HealthIndicator"];
            };
            /**
             * @description The checks that are down.
             * @example {}
             */
            error?: {
                [key: string]: components["schemas"]["HealthIndicator"];
            };
            /**
             * @description Every check.
             * @example {
             *       "eventLoop": {
             *         "status": "up",
             *         "lagMs": 3
             *       }
             *     }
             */
            details: {
                [key: string]: components["schemas"]["HealthIndicator"];
            };
        };
        AccountReachability: {
            /** @example sandbox */
            Account: string;
            /** @example 111111111111 */
            Id: string;
            /** @description Whether the account's credentials resolve through STS (checked at most once a minute). */
            Reachable: boolean;
            /**
             * @description Why not, when it is not.
             * @example AccessDenied: User is not authorized to perform sts:AssumeRole
             */
            Error?: string;
        };
        AccountsHealthResponse: {
            /** @description Every account this token may use. */
            Accounts: components["schemas"]["AccountReachability"][];
        };
        UsableAccount: {
            /** @example sandbox */
            Account: string;
            /** @example 111111111111 */
            Id: string;
            /**
             * @description Where a bucket goes when the request names no region.
             * @example us-east-1
             */
            Region: string;
            /**
             * @description The regions a bucket of this account may be created in.
             * @example [
             *       "us-east-1"
             *     ]
             */
            AllowedRegions: string[];
            /**
             * @description The domains this account's websites may be created under (`<label>.<domain>`).
             * @example [
             *       "sites.example.com"
             *     ]
             */
            Domains: string[];
        };
        WhoamiResponse: {
            /**
             * @description The name of the token that authenticated the request (never the token itself).
             * @example sandbox
             */
            Token: string;
            /** @description Every account this token may use, in configuration order. */
            Accounts: components["schemas"]["UsableAccount"][];
        };
        Tag: {
            /**
             * @description Tag key: 1-128 characters, not starting with `aws:` or the reserved `s3-api:` prefix.
             * @example Application
             */
            Key: string;
            /**
             * @description Tag value: 0-256 characters.
             * @example HowToGet
             */
            Value: string;
        };
        CreateBucketConfiguration: {
            /**
             * @description Region to create the bucket in; must be one of the account's allowed regions. Without it, the
             *     account's default region is used.
             * @example us-east-1
             */
            LocationConstraint: string;
        };
        BucketInput: {
            /**
             * @description Bucket name, following S3's rules: 3-63 characters, lowercase letters, digits, `.` and `-`,
             *     beginning and ending with a letter or digit, no `..`, not an IP address, no reserved prefix
             *     (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffix (`-s3alias`, `--ol-s3`, ...). Every rule the
             *     name breaks is listed in the 400 answer.
             * @example foobarbucketname
             */
            Bucket: string;
            CreateBucketConfiguration?: components["schemas"]["CreateBucketConfiguration"];
        };
        CreateBucket: {
            /** @description Client tags for the bucket (at most 48, unique keys). The system tags (`s3-api:org`, `s3-api:managed-by`) are added. */
            Tags?: components["schemas"]["Tag"][];
            /**
             * @description Optional lifecycle preset, applied to every object of the bucket. Each preset also aborts
             *     multipart uploads left incomplete for 7 days.
             *     * `deep-archive`: objects move to S3 Glacier Deep Archive (`DEEP_ARCHIVE`) 1 day after upload (cheapest storage,
             *       retrieval takes hours).
             *     * `intelligent-tiering`: objects move to S3 Intelligent-Tiering (`INTELLIGENT_TIERING`) at once; S3 moves them between
             *       access tiers by usage.
             *     * `glacier-ir-90`: objects move to S3 Glacier Instant Retrieval (`GLACIER_IR`) 90 days after upload.
             * @example deep-archive
             * @enum {string}
             */
            Lifecycle?: "deep-archive" | "intelligent-tiering" | "glacier-ir-90";
            BucketInput: components["schemas"]["BucketInput"];
        };
        IamPolicy: {
            /** @example arn:aws:iam::111111111111:policy/s3-api/foobarbucketname/foobarbucketname-BktAdmPlc */
            Arn: string;
            /** @example foobarbucketname-BktAdmPlc */
            PolicyName: string;
            /** @example ANPAEXAMPLE12345678 */
            PolicyId: string;
            /** @example /s3-api/foobarbucketname/ */
            Path: string;
            /** @example v1 */
            DefaultVersionId: string;
            AttachmentCount: number;
            PermissionsBoundaryUsageCount: number;
            IsAttachable: boolean;
            Description: string | null;
            /** @example 2019-03-01T15:33:52.000Z */
            CreateDate: string;
            /** @example 2019-03-01T15:33:52.000Z */
            UpdateDate: string;
        };
        IamGroup: {
            /** @example arn:aws:iam::111111111111:group/s3-api/foobarbucketname/foobarbucketname-BktAdmGrp */
            Arn: string;
            /** @example foobarbucketname-BktAdmGrp */
            GroupName: string;
            /** @example AGPAEXAMPLE12345678 */
            GroupId: string;
            /** @example /s3-api/foobarbucketname/ */
            Path: string;
            /** @example 2019-03-01T15:33:52.000Z */
            CreateDate: string;
        };
        CreateBucketResponse: {
            /**
             * @description The new bucket, as a path.
             * @example /foobarbucketname
             */
            Bucket: string;
            /**
             * @description The bucket's admin policy (`<bucket>-BktAdmPlc`): full access to this bucket and its objects. In
             *     an account of the `tags` access model, the account's shared admin policy
             *     (`s3-api-BktAdmPlc-<hash>`), which grants that access to users tagged with this bucket.
             */
            Policy: components["schemas"]["IamPolicy"];
            /** @description The bucket's admin group (`<bucket>-BktAdmGrp`), with the admin policy attached; null in an account of the `tags` access model, which makes no group. */
            Group: components["schemas"]["IamGroup"] | null;
        };
        TagResponse: {
            /** @example Application */
            Key: string;
            /** @example HowToGet */
            Value: string;
        };
        Grantee: {
            DisplayName: string | null;
            EmailAddress: string | null;
            ID: string | null;
            /** @example CanonicalUser */
            Type: string;
            URI: string | null;
        };
        TargetGrant: {
            Grantee: components["schemas"]["Grantee"];
            /** @example READ */
            Permission: string;
        };
        Logging: {
            /** @example s3-api-access-logs-111111111111 */
            TargetBucket: string;
            /** @description Always null: logs are delivered without extra grants. */
            TargetGrants: components["schemas"]["TargetGrant"][] | null;
            /** @example s3/foobarbucketname/ */
            TargetPrefix: string;
        };
        PublicAccessBlock: {
            /** @example true */
            BlockPublicAcls: boolean;
            /** @example true */
            IgnorePublicAcls: boolean;
            /** @example true */
            BlockPublicPolicy: boolean;
            /** @example true */
            RestrictPublicBuckets: boolean;
        };
        BucketDetailsResponse: {
            /** @description The client tags. */
            Tags: components["schemas"]["TagResponse"][];
            /** @description The tags the service keeps on the bucket (prefix `s3-api:`); clients cannot change them. */
            SystemTags: components["schemas"]["TagResponse"][];
            /** @description Server access logging, or null when it is off. */
            Logging: components["schemas"]["Logging"] | null;
            /**
             * @description True when the bucket holds no object version, delete marker or incomplete multipart upload: what
             *     DELETE refuses a bucket for (a versioned bucket whose objects were deleted still holds versions).
             * @example true
             */
            Empty: boolean;
            /** @example us-east-1 */
            Region: string;
            /**
             * @description Default encryption algorithm (`AES256` is SSE-S3, `aws:kms` SSE-KMS), or null when none is set.
             * @example AES256
             */
            Encryption: string | null;
            /** @description The bucket's Block Public Access settings, or null when it has none. */
            PublicAccessBlock: components["schemas"]["PublicAccessBlock"] | null;
        };
        UpdateBucket: {
            /** @description The bucket's new client tags: they REPLACE the current client tags (send `[]` to remove them all). The system tags on the bucket are kept. */
            Tags?: components["schemas"]["Tag"][];
            /**
             * @description A bucket policy document as a JSON **string** (not an object), replacing the bucket's policy. It
             *     must be valid JSON (at most 20 KB) and name only this bucket and its objects as resources. The service
             *     never makes a bucket public (no Allow to `"*"`), accepts no NotPrincipal, NotAction or NotResource, and
             *     refuses a Deny that would lock the service itself out of the bucket; a Deny of plain HTTP, as in the
             *     example, is fine. S3 receives the parsed document, re-serialised.
             * @example {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::foobarbucketname","arn:aws:s3:::foobarbucketname/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
             */
            BucketPolicy?: string;
        };
        UpdateBucketResponse: {
            /** @example foobarbucketname */
            Bucket: string;
            /** @description The bucket's client tags now. */
            Tags?: components["schemas"]["TagResponse"][];
            /** @description The system tags that were kept. */
            SystemTags?: components["schemas"]["TagResponse"][];
            /**
             * @description The bucket policy now in force, as sent.
             * @example {"Version":"2012-10-17","Statement":[]}
             */
            BucketPolicy?: string;
        };
        DeleteBucketResponse: {
            /** @example foobarbucketname */
            Bucket: string;
            /**
             * @description IAM users deleted (users that also belong to other buckets only lost their membership, and are not listed).
             * @example [
             *       "somebucketuser"
             *     ]
             */
            Users: string[];
            /**
             * @example [
             *       "foobarbucketname-BktAdmGrp",
             *       "foobarbucketname-BktRWGrp"
             *     ]
             */
            Groups: string[];
            /**
             * @example [
             *       "foobarbucketname-BktAdmPlc",
             *       "foobarbucketname-BktRWPlc"
             *     ]
             */
            Policies: string[];
        };
        AdoptBucketResponse: {
            /** @example reports */
            Bucket: string;
            /**
             * @description The bucket's groups, moved from the IAM path `/`.
             * @example [
             *       "reports-BktAdmGrp",
             *       "reports-BktRWGrp"
             *     ]
             */
            Groups: string[];
            /**
             * @description The groups' policies, recreated with the same document (a policy cannot change path).
             * @example [
             *       "reports-BktAdmPlc",
             *       "reports-BktRWPlc"
             *     ]
             */
            Policies: string[];
            /**
             * @description Users moved with their keys: members of the bucket's groups and of nothing else (others stay where they are, still members).
             * @example [
             *       "reports-admin"
             *     ]
             */
            Users: string[];
        };
        BucketUserInput: {
            /**
             * @description IAM user name: 1-64 letters, digits or `+ = , . @ _ -`, unique in the account.
             * @example somebucketuser
             */
            UserName: string;
        };
        CreateBucketUser: {
            /**
             * @description Groups to join; the read-write and read-only ones are created on first use. Default: `["BktAdmGrp"]`.
             * @example [
             *       "BktRWGrp"
             *     ]
             */
            Groups?: ("BktAdmGrp" | "BktRWGrp" | "BktROGrp")[];
            User: components["schemas"]["BucketUserInput"];
        };
        IamUser: {
            /** @example arn:aws:iam::111111111111:user/s3-api/foobarbucketname/somebucketuser */
            Arn: string;
            /** @example somebucketuser */
            UserName: string;
            /** @example AIDAEXAMPLE12345678 */
            UserId: string;
            /** @example /s3-api/foobarbucketname/ */
            Path: string;
            /** @example 2019-03-01T16:11:00.000Z */
            CreateDate: string;
            PasswordLastUsed: string | null;
            PermissionsBoundary: string | null;
            Tags: components["schemas"]["TagResponse"][] | null;
        };
        NewAccessKey: {
            /**
             * @description The secret of the key: shown in this answer only, never again. Store it now.
             * @example wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
             */
            SecretAccessKey: string;
            /** @example AKIAEXAMPLE123456789 */
            AccessKeyId: string;
            /** @example Active */
            Status: string;
            /** @example 2019-03-01T16:11:00.000Z */
            CreateDate: string;
            /** @example somebucketuser */
            UserName: string;
        };
        CreateUserResponse: {
            User: components["schemas"]["IamUser"];
            /** @description The new key with its secret: shown this once, never again. */
            AccessKey: components["schemas"]["NewAccessKey"];
        };
        AccessKey: {
            /** @example AKIAEXAMPLE123456789 */
            AccessKeyId: string;
            /** @example Active */
            Status: string;
            /** @example 2019-03-01T16:11:00.000Z */
            CreateDate: string;
            /** @example somebucketuser */
            UserName: string;
        };
        AttachedPolicy: {
            /** @example arn:aws:iam::111111111111:policy/s3-api/foobarbucketname/foobarbucketname-BktAdmPlc */
            Arn: string;
            /** @example foobarbucketname-BktAdmPlc */
            PolicyName: string;
        };
        UserDetailsResponse: {
            User: components["schemas"]["IamUser"];
            /** @description Key metadata, never the secrets. */
            AccessKeys: components["schemas"]["AccessKey"][];
            /** @description The user's groups that belong to this bucket. */
            Groups: components["schemas"]["IamGroup"][];
            /** @description Managed policies attached to those groups. */
            Policies: components["schemas"]["AttachedPolicy"][];
        };
        ResetKeysResponse: {
            /**
             * @example [
             *       "AKIAEXAMPLEOLDKEY123"
             *     ]
             */
            DeletedKeyIds: string[];
            /** @description The new key with its secret: shown this once, never again. */
            AccessKey: components["schemas"]["NewAccessKey"];
        };
        DeleteUserResponse: {
            /** @example somebucketuser */
            UserName: string;
            /** @description False when the user also belongs to other buckets' groups: it then only left this bucket's groups and keeps its keys. */
            UserDeleted: boolean;
            /**
             * @example [
             *       "AKIAEXAMPLE123456789"
             *     ]
             */
            DeletedKeyIds: string[];
            /**
             * @description The groups of this bucket the user left.
             * @example [
             *       "somebucket-BktAdmGrp"
             *     ]
             */
            Groups: string[];
        };
        WebsiteUserInput: {
            /**
             * @description IAM user name: 1-64 letters, digits or `+ = , . @ _ -`, unique in the account.
             * @example somebucketuser
             */
            UserName: string;
            /**
             * @description Limits the user to this prefix of the site (e.g. `/docs/`): its groups and policies are the
             *     prefix's own, and a placeholder `<prefix>index.html` is written if none exists. `/` or absent: the whole site.
             * @example /docs/
             */
            Path?: string;
        };
        CreateWebsiteUser: {
            /**
             * @description Groups to join. `WebAdmGrp` grants cache invalidation on the site's distribution (whole-site users only);
             *     a whole-site `BktAdmGrp` member joins it automatically. Default: `["BktAdmGrp"]`.
             * @example [
             *       "BktAdmGrp",
             *       "WebAdmGrp"
             *     ]
             */
            Groups?: ("BktAdmGrp" | "BktRWGrp" | "BktROGrp" | "WebAdmGrp")[];
            User: components["schemas"]["WebsiteUserInput"];
        };
        WebsiteBucketInput: {
            /**
             * @description The website's name: one label under a domain configured for the account. It is also the bucket's name.
             * @example mysite.sites.example.com
             */
            Bucket: string;
        };
        RoutingRuleCondition: {
            /**
             * @description Apply the rule when S3 would answer this 4xx or 5xx status.
             * @example 404
             */
            HttpErrorCodeReturnedEquals?: string;
            /**
             * @description Apply the rule to keys starting with this prefix.
             * @example docs/
             */
            KeyPrefixEquals?: string;
        };
        RoutingRuleRedirect: {
            /** @example www.example.com */
            HostName?: string;
            /** @example 301 */
            HttpRedirectCode?: string;
            /**
             * @example https
             * @enum {string}
             */
            Protocol?: "http" | "https";
            /** @example documents/ */
            ReplaceKeyPrefixWith?: string;
            /** @example error.html */
            ReplaceKeyWith?: string;
        };
        RoutingRule: {
            /** @description When the rule applies (at least one condition); every request when absent. */
            Condition?: components["schemas"]["RoutingRuleCondition"];
            /** @description Where to redirect (at least one field). */
            Redirect: components["schemas"]["RoutingRuleRedirect"];
        };
        IndexDocument: {
            /**
             * @description Appended to requests for a folder (`/docs/` serves `docs/index.html`). No slash.
             * @example index.html
             */
            Suffix: string;
        };
        ErrorDocument: {
            /**
             * @description Object served when an error occurs.
             * @example error.html
             */
            Key: string;
        };
        WebsiteConfiguration: {
            RoutingRules?: components["schemas"]["RoutingRule"][];
            /** @description Index document; `index.html` when absent. */
            IndexDocument?: components["schemas"]["IndexDocument"];
            ErrorDocument?: components["schemas"]["ErrorDocument"];
        };
        CreateWebsite: {
            /** @description Client tags for the bucket and the distribution (at most 47; the system tags are added). */
            Tags?: components["schemas"]["Tag"][];
            BucketInput: components["schemas"]["WebsiteBucketInput"];
            /** @description The S3 website configuration (index document defaults to `index.html`). */
            WebsiteConfiguration?: components["schemas"]["WebsiteConfiguration"];
        };
        DistributionAliases: {
            Quantity: number;
            /**
             * @example [
             *       "mysite.sites.example.com"
             *     ]
             */
            Items: string[];
        };
        S3OriginConfig: {
            /**
             * @description Always empty: an origin access control, not an identity, signs the requests.
             * @example
             */
            OriginAccessIdentity: string;
        };
        OriginSslProtocols: {
            /** @example 1 */
            Quantity: number;
            /**
             * @example [
             *       "TLSv1.2"
             *     ]
             */
            Items: string[];
        };
        CustomOriginConfig: {
            /** @example 80 */
            HTTPPort: number;
            /** @example 443 */
            HTTPSPort: number;
            /** @example http-only */
            OriginProtocolPolicy: string;
            /** @example 5 */
            OriginKeepaliveTimeout: number;
            /** @example 30 */
            OriginReadTimeout: number;
            OriginSslProtocols: components["schemas"]["OriginSslProtocols"];
        };
        DistributionOrigin: {
            /** @example mysite.sites.example.com */
            Id: string;
            /** @example mysite.sites.example.com.s3.us-east-1.amazonaws.com */
            DomainName: string;
            /** @example  */
            OriginPath: string;
            /**
             * @description The origin access control that signs CloudFront's requests to the bucket; empty on a website endpoint.
             * @example E1ABCDEFGHIJKL
             */
            OriginAccessControlId: string;
            /** @description Null on a website endpoint. */
            S3OriginConfig: components["schemas"]["S3OriginConfig"] | null;
            /** @description Null on a bucket's REST endpoint. */
            CustomOriginConfig: components["schemas"]["CustomOriginConfig"] | null;
        };
        DistributionOrigins: {
            Quantity: number;
            Items: components["schemas"]["DistributionOrigin"][];
        };
        TrustedSigners: {
            Enabled: boolean;
            Quantity: number;
            Items: string[] | null;
        };
        FunctionAssociation: {
            /** @example viewer-request */
            EventType: string;
            /** @example arn:aws:cloudfront::111111111111:function/s3-api-0a1b2c3d-4e5f60718293a4b5 */
            FunctionARN: string;
        };
        FunctionAssociations: {
            Quantity: number;
            Items: components["schemas"]["FunctionAssociation"][];
        };
        DistributionCacheBehavior: {
            /** @example mysite.sites.example.com */
            TargetOriginId: string;
            /** @example redirect-to-https */
            ViewerProtocolPolicy: string;
            Compress: boolean;
            TrustedSigners: components["schemas"]["TrustedSigners"];
            /** @description The viewer-request function that serves index documents and routing rules in front of a private bucket. */
            FunctionAssociations: components["schemas"]["FunctionAssociations"];
        };
        CustomErrorResponse: {
            /** @example 403 */
            ErrorCode: number;
            /** @example /error.html */
            ResponsePagePath: string;
            /** @example 404 */
            ResponseCode: string;
            /** @example 10 */
            ErrorCachingMinTTL: number;
        };
        CustomErrorResponses: {
            Quantity: number;
            Items: components["schemas"]["CustomErrorResponse"][];
        };
        DistributionViewerCertificate: {
            /** @example arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555 */
            ACMCertificateArn: string | null;
            /** @example arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555 */
            Certificate: string | null;
            /** @example acm */
            CertificateSource: string | null;
            CloudFrontDefaultCertificate: boolean | null;
            IAMCertificateId: string | null;
            /** @example sni-only */
            SSLSupportMethod: string | null;
            /** @example TLSv1.2_2021 */
            MinimumProtocolVersion: string | null;
        };
        DistributionLogging: {
            Enabled: boolean;
            IncludeCookies: boolean;
            /** @example  */
            Bucket: string;
            /** @example  */
            Prefix: string;
        };
        GeoRestriction: {
            /** @example none */
            RestrictionType: string;
            Quantity: number;
            Items: string[] | null;
        };
        DistributionRestrictions: {
            GeoRestriction: components["schemas"]["GeoRestriction"];
        };
        DistributionConfig: {
            Aliases: components["schemas"]["DistributionAliases"];
            /** @example 12345678-9012-3456-6789-094d26464c6c */
            CallerReference: string;
            /** @example mysite.sites.example.com */
            Comment: string;
            /** @example index.html */
            DefaultRootObject: string;
            Enabled: boolean;
            /** @example http2 */
            HttpVersion: string;
            IsIPV6Enabled: boolean;
            /** @example PriceClass_100 */
            PriceClass: string;
            Origins: components["schemas"]["DistributionOrigins"];
            DefaultCacheBehavior: components["schemas"]["DistributionCacheBehavior"];
            /** @description The error document (and error-code routing rules) of a website behind an origin access control. */
            CustomErrorResponses: components["schemas"]["CustomErrorResponses"];
            ViewerCertificate: components["schemas"]["DistributionViewerCertificate"];
            Logging: components["schemas"]["DistributionLogging"];
            Restrictions: components["schemas"]["DistributionRestrictions"];
        };
        Distribution: {
            /** @example E2QWRUHEXAMPLE */
            Id: string;
            /** @example arn:aws:cloudfront::111111111111:distribution/E2QWRUHEXAMPLE */
            ARN: string;
            /** @example d111111abcdef8.cloudfront.net */
            DomainName: string;
            /**
             * @description `InProgress` while CloudFront deploys a change, then `Deployed`.
             * @example InProgress
             */
            Status: string;
            /** @example 2019-05-09T10:50:35.790Z */
            LastModifiedTime: string;
            InProgressInvalidationBatches: number;
            DistributionConfig: components["schemas"]["DistributionConfig"];
        };
        DnsChange: {
            /** @example /change/C176E51B123456 */
            Id: string;
            /** @example PENDING */
            Status: string;
            /** @example 2019-05-09T10:50:37.194Z */
            SubmittedAt: string;
            /** @example Created by s3-api */
            Comment: string | null;
        };
        CreateWebsiteResponse: {
            /** @example /mysite.sites.example.com */
            Bucket: string;
            /**
             * @description The admin policy (`<site>-BktAdmPlc`), as in the seed; also first in `Policies`. In an account of
             *     the `tags` access model, the account's shared website admin policy (`s3-api-SiteAdmPlc-<hash>`).
             */
            Policy: components["schemas"]["IamPolicy"];
            /** @description The admin group (`<site>-BktAdmGrp`), as in the seed; also first in `Groups`. Null in an account of the `tags` access model, which makes no group. */
            Group: components["schemas"]["IamGroup"] | null;
            /**
             * @description The admin policy and the web-admin policy (`<site>-WebAdmPlc`: cache invalidation on this
             *     distribution); in the `tags` access model the account's shared ones (`s3-api-SiteAdmPlc-<hash>`,
             *     `s3-api-WebAdmPlc-<hash>`).
             */
            Policies: components["schemas"]["IamPolicy"][];
            /** @description The admin group and the web-admin group (`<site>-WebAdmGrp`); empty in the `tags` access model. */
            Groups: components["schemas"]["IamGroup"][];
            Distribution: components["schemas"]["Distribution"];
            /** @description The Route 53 change that created the A and AAAA alias records. */
            DnsChange: components["schemas"]["DnsChange"];
        };
        AliasTarget: {
            /** @example d111111abcdef8.cloudfront.net. */
            DNSName: string;
            /** @example Z2FDTNDATAQYW2 */
            HostedZoneId: string;
            EvaluateTargetHealth: boolean;
        };
        GeoLocation: {
            ContinentCode: string | null;
            CountryCode: string | null;
            SubdivisionCode: string | null;
        };
        ResourceRecord: {
            /** @example 192.0.2.44 */
            Value: string;
        };
        DnsRecord: {
            /** @example mysite.sites.example.com. */
            Name: string;
            /** @example A */
            Type: string;
            AliasTarget: components["schemas"]["AliasTarget"];
            Failover: string | null;
            GeoLocation: components["schemas"]["GeoLocation"] | null;
            HealthCheckId: string | null;
            MultiValueAnswer: boolean | null;
            Region: string | null;
            ResourceRecords: components["schemas"]["ResourceRecord"][] | null;
            SetIdentifier: string | null;
            TTL: number | null;
            TrafficPolicyInstanceId: string | null;
            Weight: number | null;
        };
        WebsiteResponse: {
            /**
             * @description Where the distribution reads the site from: `OriginAccessControl` (a private bucket's REST endpoint)
             *     or `WebsiteEndpoint` (a public bucket, as websites were made before; `POST .../migrate` moves one);
             *     null when the distribution is missing.
             * @example OriginAccessControl
             * @enum {string|null}
             */
            Origin: "OriginAccessControl" | "WebsiteEndpoint" | null;
            /** @description Client tags of the website bucket (system tags are not shown). */
            Tags: components["schemas"]["TagResponse"][];
            Logging: components["schemas"]["Logging"] | null;
            /**
             * @description True when the bucket holds no object version, delete marker or incomplete multipart upload besides
             *     the placeholders this service wrote: what DELETE refuses a website for.
             */
            Empty: boolean;
            /** @description The A alias record of the website's name; null when missing. */
            DNSRecord: components["schemas"]["DnsRecord"] | null;
            /** @description The website's CloudFront distribution; null when missing. */
            Distribution: components["schemas"]["Distribution"] | null;
        };
        UpdateWebsite: {
            /** @description Client tags for the bucket and the distribution (at most 47). Replaces the previous client tags on both; the system tags are kept. */
            Tags?: components["schemas"]["Tag"][];
        };
        WebsiteTagsResponse: {
            /** @description The client tags now on the bucket and on the distribution. */
            Tags: components["schemas"]["TagResponse"][];
        };
        InvalidateWebsiteCache: {
            /**
             * @description Paths to invalidate, each starting with `/`; `*` is a wildcard at the end. 1 to 100 paths, at
             *     most 15 of them wildcards (CloudFront's limit of wildcard paths in progress per distribution).
             * @example [
             *       "/index.html",
             *       "/assets/*"
             *     ]
             */
            CacheInvalidation: string[];
        };
        InvalidationPaths: {
            Quantity: number;
            /**
             * @example [
             *       "/*"
             *     ]
             */
            Items: string[];
        };
        InvalidationBatch: {
            /** @example 2b0fd0c2-e683-44a0-8d4d-3922e965d4a4 */
            CallerReference: string;
            Paths: components["schemas"]["InvalidationPaths"];
        };
        Invalidation: {
            /** @example I2J0I21PCUYOIK */
            Id: string;
            /** @example InProgress */
            Status: string;
            /** @example 2019-05-20T19:51:54.715Z */
            CreateTime: string;
            InvalidationBatch: components["schemas"]["InvalidationBatch"];
        };
        InvalidateWebsiteCacheResponse: {
            Invalidation: components["schemas"]["Invalidation"];
            /** @example https://cloudfront.amazonaws.com/2020-05-31/distribution/E2QWRUHEXAMPLE/invalidation/I2J0I21PCUYOIK */
            Location: string;
        };
        MigrateWebsiteResponse: {
            /**
             * @example OriginAccessControl
             * @enum {string}
             */
            Origin: "OriginAccessControl";
            /** @example mysite.sites.example.com */
            Website: string;
            /** @description False when the website read through an origin access control already: nothing was changed. */
            Migrated: boolean;
            /** @description The distribution, repointed (`InProgress` until CloudFront has deployed the change). */
            Distribution: components["schemas"]["Distribution"];
        };
        DeleteWebsiteResponse: {
            /** @example mysite.sites.example.com */
            Website: string;
            /**
             * @example [
             *       "mysite-admin"
             *     ]
             */
            Users: string[];
            /**
             * @example [
             *       "mysite.sites.example.com-BktAdmPlc",
             *       "mysite.sites.example.com-WebAdmPlc"
             *     ]
             */
            Policies: string[];
            /**
             * @example [
             *       "mysite.sites.example.com-BktAdmGrp",
             *       "mysite.sites.example.com-WebAdmGrp"
             *     ]
             */
            Groups: string[];
            /** @description The A alias record that was removed; null when there was none. */
            DNSRecord: components["schemas"]["DnsRecord"] | null;
            /** @description The distribution, now disabled; the reconciler deletes it once deployed. Null when there was none. */
            Distribution: components["schemas"]["Distribution"] | null;
        };
        ErrorDetail: {
            /**
             * @description The offending field, as a path into the request (e.g. `BucketInput.Bucket`, `Tags[0].Key`).
             * @example BucketInput.Bucket
             */
            Field: string;
            /**
             * @description What is wrong with it.
             * @example bucket names are 3 to 63 characters long
             */
            Problem: string;
        };
        ErrorBody: {
            /**
             * @description Stable error code: clients switch on it. Each operation documents the codes it answers with, per status. The codes: AccessKeyLimitExceeded, AccessNameTaken, AccountNotAllowed, AccountNotFound, AwsAccessDenied, AwsError, AwsTimeout, AwsUnavailable, BadRequest, BucketAlreadyExists, BucketAlreadyManaged, BucketIsWebsite, BucketNameReleasing, BucketNotAdoptable, BucketNotEmpty, BucketNotFound, BucketNotManaged, BucketPolicyDenied, ClientTimeout, ConcurrentChange, DistributionNotManaged, DnsNameHasCname, DomainNotConfigured, HeadersTooLarge, InternalError, InvalidJson, InvalidRequest, MethodNotAllowed, MigrationNotVerified, NotAcceptable, NotReady, PayloadTooLarge, PreconditionFailed, QuotaExceeded, RequestTimeout, ResourceConflict, ResourceNotFound, RouteNotFound, RoutingRuleNotSupported, Throttled, Unauthorized, UnsupportedMediaType, UriTooLong, UserAlreadyExists, UserNotFound, ValidationError, WebAdminGroupMissing, WebsiteAlreadyExists, WebsiteNotEmpty, WebsiteNotFound.
             * @example ValidationError
             */
            Code: string;
            /**
             * @description Human-readable explanation.
             * @example BucketInput.Bucket: bucket names are 3 to 63 characters long
             */
            Message: string;
            /**
             * @description The request id, also in the X-Request-Id header.
             * @example 7f1c0e52-1e5f-4c4e-a2a5-4bb8f0f6b0a1
             */
            RequestId: string;
            /** @description For validation errors: every offending field. */
            Details?: components["schemas"]["ErrorDetail"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    ping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description pong */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    getVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionResponse"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process can serve */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheck"];
                };
            };
            /** @description Not ready: this process cannot serve in time (Code NotReady); Health holds the result of every check */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        Health?: components["schemas"]["HealthCheck"];
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCheck"];
                };
            };
            /** @description Not ready: this process cannot serve in time (Code NotReady); Health holds the result of every check */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"] & {
                        Health?: components["schemas"]["HealthCheck"];
                    };
                };
            };
        };
    };
    getAccountsHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountsHealthResponse"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The token (by name) and its accounts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhoamiResponse"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listBuckets: {
        parameters: {
            query?: {
                /**
                 * @description At most this many items, in name order; when more remain, the answer's `X-Next-Token` header
                 *     holds the token of the next page. Without it (and without `next`), the whole list.
                 */
                limit?: number;
                /** @description The `X-Next-Token` of the previous page: this page starts after its last item. */
                next?: string;
            };
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bucket names ([] when there are none) */
            200: {
                headers: {
                    /** @description Only when `limit` was given and more items remain: send it back as `next` for the next page */
                    "X-Next-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string[];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createBucket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBucket"];
            };
        };
        responses: {
            /** @description The bucket, its admin policy and its admin group */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateBucketResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             *
             *     `InvalidJson`: The request body is missing, empty or not JSON
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketAlreadyExists`: The bucket name is taken, by this or another AWS account (bucket names are global)
             *
             *     `AccessNameTaken`: An IAM group or policy name the bucket needs is used by something this service did not make for it
             *
             *     `ResourceConflict`: The request conflicts with the resource's current state in AWS
             *
             *     `QuotaExceeded`: An AWS account quota is reached (IAM groups, policies or users, buckets, distributions): retrying cannot help until something is deleted or the quota raised
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PayloadTooLarge`: The request body is larger than the server accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `UnsupportedMediaType`: The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getBucket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BucketDetailsResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateBucket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateBucket"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdateBucketResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             *
             *     `InvalidJson`: The request body is missing, empty or not JSON
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `BucketIsWebsite`: The bucket is a website's: change or delete it through its website */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PayloadTooLarge`: The request body is larger than the server accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `UnsupportedMediaType`: The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteBucket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteBucketResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotEmpty`: The bucket holds object versions, delete markers or incomplete multipart uploads (counted in the message); delete them first
             *
             *     `BucketIsWebsite`: The bucket is a website's: change or delete it through its website
             *
             *     `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    headBucket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bucket exists in this account */
            200: {
                headers: {
                    /** @description The request id (every answer carries it) */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    adoptBucket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was taken over */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdoptBucketResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotAdoptable`: The bucket can never be adopted: an access-log bucket, or one carrying another deployment's s3-api: tags
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketAlreadyManaged`: The bucket is already managed by this service: there is nothing to adopt
             *
             *     `BucketIsWebsite`: The bucket is a website's: change or delete it through its website
             *
             *     `AccessNameTaken`: An IAM group or policy name the bucket needs is used by something this service did not make for it
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getBucketBookmark: {
        parameters: {
            query?: {
                /**
                 * @description Folder the bookmark opens; leading and trailing slashes are ignored (`/docs/`, `docs` and
                 *     `/docs` are the same). Default: the root.
                 */
                path?: string;
            };
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bookmark, as an XML property list, sent as the attachment `<bucket>.duck` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-plist": string;
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listBucketUsers: {
        parameters: {
            query?: {
                /**
                 * @description At most this many items, in name order; when more remain, the answer's `X-Next-Token` header
                 *     holds the token of the next page. Without it (and without `next`), the whole list.
                 */
                limit?: number;
                /** @description The `X-Next-Token` of the previous page: this page starts after its last item. */
                next?: string;
            };
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    /** @description Only when `limit` was given and more items remain: send it back as `next` for the next page */
                    "X-Next-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IamUser"][];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createBucketUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBucketUser"];
            };
        };
        responses: {
            /** @description User created; the response carries the only copy of the secret key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateUserResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             *
             *     `InvalidJson`: The request body is missing, empty or not JSON
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `UserAlreadyExists`: An IAM user of that name already exists in the account
             *
             *     `AccessNameTaken`: An IAM group or policy name the bucket needs is used by something this service did not make for it
             *
             *     `QuotaExceeded`: An AWS account quota is reached (IAM groups, policies or users, buckets, distributions): retrying cannot help until something is deleted or the quota raised
             *
             *     `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PayloadTooLarge`: The request body is larger than the server accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `UnsupportedMediaType`: The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getBucketUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
                /** @description An IAM user of this bucket: a member of one of its groups */
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDetailsResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `UserNotFound`: No user of that name belongs to this bucket or website
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    resetBucketUserKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
                /** @description An IAM user of this bucket: a member of one of its groups */
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new key (with the only copy of its secret) and the deleted key ids */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResetKeysResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `UserNotFound`: No user of that name belongs to this bucket or website
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccessKeyLimitExceeded`: The user already has the 2 access keys IAM allows
             *
             *     `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteBucketUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The bucket's name (S3 naming rules) */
                bucket: string;
                /** @description An IAM user of this bucket: a member of one of its groups */
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteUserResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotFound`: The bucket does not exist in this account
             *
             *     `UserNotFound`: No user of that name belongs to this bucket or website
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `ResourceConflict`: The request conflicts with the resource's current state in AWS
             *
             *     `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listWebsiteUsers: {
        parameters: {
            query?: {
                /**
                 * @description At most this many items, in name order; when more remain, the answer's `X-Next-Token` header
                 *     holds the token of the next page. Without it (and without `next`), the whole list.
                 */
                limit?: number;
                /** @description The `X-Next-Token` of the previous page: this page starts after its last item. */
                next?: string;
            };
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    /** @description Only when `limit` was given and more items remain: send it back as `next` for the next page */
                    "X-Next-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IamUser"][];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createWebsiteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebsiteUser"];
            };
        };
        responses: {
            /** @description User created; the response carries the only copy of the secret key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateUserResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             *
             *     `InvalidJson`: The request body is missing, empty or not JSON
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `UserAlreadyExists`: An IAM user of that name already exists in the account
             *
             *     `AccessNameTaken`: An IAM group or policy name the bucket needs is used by something this service did not make for it
             *
             *     `QuotaExceeded`: An AWS account quota is reached (IAM groups, policies or users, buckets, distributions): retrying cannot help until something is deleted or the quota raised
             *
             *     `WebAdminGroupMissing`: The website has no web-admin group: it was not created by this service
             *
             *     `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PayloadTooLarge`: The request body is larger than the server accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `UnsupportedMediaType`: The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWebsiteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
                /** @description An IAM user of this website: a member of one of its groups */
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDetailsResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `UserNotFound`: No user of that name belongs to this bucket or website
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    resetWebsiteUserKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
                /** @description An IAM user of this website: a member of one of its groups */
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new key (with the only copy of its secret) and the deleted key ids */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResetKeysResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `UserNotFound`: No user of that name belongs to this bucket or website
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccessKeyLimitExceeded`: The user already has the 2 access keys IAM allows
             *
             *     `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteWebsiteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
                /** @description An IAM user of this website: a member of one of its groups */
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteUserResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `UserNotFound`: No user of that name belongs to this bucket or website
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `ResourceConflict`: The request conflicts with the resource's current state in AWS
             *
             *     `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listWebsites: {
        parameters: {
            query?: {
                /**
                 * @description At most this many items, in name order; when more remain, the answer's `X-Next-Token` header
                 *     holds the token of the next page. Without it (and without `next`), the whole list.
                 */
                limit?: number;
                /** @description The `X-Next-Token` of the previous page: this page starts after its last item. */
                next?: string;
            };
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The website names ([] when there are none) */
            200: {
                headers: {
                    /** @description Only when `limit` was given and more items remain: send it back as `next` for the next page */
                    "X-Next-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string[];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    createWebsite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebsite"];
            };
        };
        responses: {
            /** @description Created; the distribution and the DNS change deploy in the background */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateWebsiteResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `RoutingRuleNotSupported`: A routing rule CloudFront cannot express in front of a private bucket (the message names it and says why); nothing was made or changed
             *
             *     `InvalidRequest`: AWS refused a value of the request
             *
             *     `InvalidJson`: The request body is missing, empty or not JSON
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteAlreadyExists`: The website exists already, or its bucket or domain name is taken
             *
             *     `DnsNameHasCname`: A CNAME record holds the website's name in its hosted zone; DNS allows no other record beside it, so the alias records cannot be made
             *
             *     `BucketNameReleasing`: S3 has not released the name of a bucket deleted a moment ago (it can take minutes, rarely hours); try again later or choose another name
             *
             *     `AccessNameTaken`: An IAM group or policy name the bucket needs is used by something this service did not make for it
             *
             *     `ResourceConflict`: The request conflicts with the resource's current state in AWS
             *
             *     `QuotaExceeded`: An AWS account quota is reached (IAM groups, policies or users, buckets, distributions): retrying cannot help until something is deleted or the quota raised
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PayloadTooLarge`: The request body is larger than the server accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `UnsupportedMediaType`: The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWebsite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebsiteResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `DistributionNotManaged`: The website's distribution exists but no longer carries this service's tags (someone changed them), so the service may not act on it and leaves the website as it is
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    updateWebsite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebsite"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebsiteTagsResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             *
             *     `InvalidJson`: The request body is missing, empty or not JSON
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `DistributionNotManaged`: The website's distribution exists but no longer carries this service's tags (someone changed them), so the service may not act on it and leaves the website as it is
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PayloadTooLarge`: The request body is larger than the server accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `UnsupportedMediaType`: The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteWebsite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteWebsiteResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `DistributionNotManaged`: The website's distribution exists but no longer carries this service's tags (someone changed them), so the service may not act on it and leaves the website as it is
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotEmpty`: The website holds object versions, delete markers or incomplete multipart uploads besides the placeholders this service wrote (counted in the message); delete them first
             *
             *     `ConcurrentChange`: Another request changed the same bucket, website or user at the same moment; repeat the request
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PreconditionFailed`: The resource changed in AWS meanwhile (concurrent modification); try again */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    headWebsite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The website exists */
            200: {
                headers: {
                    /** @description The request id (every answer carries it) */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    invalidateWebsiteCache: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvalidateWebsiteCache"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidateWebsiteCacheResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             *
             *     `InvalidJson`: The request body is missing, empty or not JSON
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `DistributionNotManaged`: The website's distribution exists but no longer carries this service's tags (someone changed them), so the service may not act on it and leaves the website as it is
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PayloadTooLarge`: The request body is larger than the server accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `UnsupportedMediaType`: The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    migrateWebsite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MigrateWebsiteResponse"];
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `RoutingRuleNotSupported`: A routing rule CloudFront cannot express in front of a private bucket (the message names it and says why); nothing was made or changed
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `DistributionNotManaged`: The website's distribution exists but no longer carries this service's tags (someone changed them), so the service may not act on it and leaves the website as it is
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `MigrationNotVerified`: The website did not read back as private after its migration (something changed it meanwhile); every step was put back */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `PreconditionFailed`: The resource changed in AWS meanwhile (concurrent modification); try again */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getWebsiteBookmark: {
        parameters: {
            query?: {
                /**
                 * @description Folder the bookmark opens; leading and trailing slashes are ignored (`/docs/`, `docs` and
                 *     `/docs` are the same). Default: the root.
                 */
                path?: string;
            };
            header?: never;
            path: {
                /** @description A configured account name or its 12-digit id */
                account: string;
                /** @description The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name */
                website: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bookmark, as an attachment `<website>.duck` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-plist": string;
                };
            };
            /**
             * @description `ValidationError`: The request is not valid; Details lists every offending field
             *
             *     `DomainNotConfigured`: The name is not a label under a website domain configured for the account
             *
             *     `InvalidRequest`: AWS refused a value of the request
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Unauthorized`: The X-Auth-Token header is missing or holds no valid token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `BucketNotManaged`: The bucket exists but was not made by this service, which therefore leaves it alone
             *
             *     `AccountNotAllowed`: The token may not use this account
             *
             *     `AwsAccessDenied`: AWS denied the server's credentials this action
             *
             *     `BucketPolicyDenied`: The bucket's own policy denies this server the action (an explicit Deny, set outside the server); nothing was changed. Only the account's root user may be able to remove such a policy
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `WebsiteNotFound`: The website does not exist in this account
             *
             *     `AccountNotFound`: The account is neither a configured account name nor its id
             *
             *     `ResourceNotFound`: AWS does not know a resource the request needs
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `Throttled`: AWS throttled the request or a limit was reached; try again after Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `InternalError`: An unexpected server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsError`: AWS answered with an error the server does not expect */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description `AwsUnavailable`: An AWS service is unavailable or refuses the server; try again after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /**
             * @description `AwsTimeout`: An AWS call timed out
             *
             *     `RequestTimeout`: The request took longer than its budget; work already started still completes or is undone
             */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
}
