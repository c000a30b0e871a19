#!/usr/bin/env python3
"""Writes config/reserved-offerings.csv, the built-in reserved cache node offerings catalog.

Every node type of the 2015-02-02 API's list plus the current generations (t3, t4g, m5, m6g,
m7g, r5, r6g, r7g), for redis and memcached, 1 and 3 years, the legacy offering types
(Light/Medium/Heavy Utilization) and today's (No/Partial/All Upfront).

Prices are illustrative, derived from an approximate on-demand hourly price per node type
(us-east-1 list prices, rounded); they are not AWS's price list. Offering ids are name-based
UUIDs computed exactly as the server's DeriveOfferingId (model/reserved_offering_catalog.cpp)
does, written literally so users can see and grep them; the server checks nothing else
about them, and recomputes them for lines whose id is left empty.

Run:  python3 tools/gen_reserved_offerings.py   (Python 3 standard library only)
"""

import os

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO_ROOT, "config", "reserved-offerings.csv")

HEADER = ("offering_id,cache_node_type,product_description,duration,offering_type,fixed_price,"
          "usage_price,recurring_hourly")

# Approximate on-demand price per hour (USD).
ON_DEMAND = {
    # The API document's list (2015-02-02).
    "cache.t1.micro": 0.020,
    "cache.t2.micro": 0.017, "cache.t2.small": 0.034, "cache.t2.medium": 0.068,
    "cache.m1.small": 0.041, "cache.m1.medium": 0.082, "cache.m1.large": 0.164,
    "cache.m1.xlarge": 0.328,
    "cache.m2.xlarge": 0.242, "cache.m2.2xlarge": 0.484, "cache.m2.4xlarge": 0.968,
    "cache.m3.medium": 0.090, "cache.m3.large": 0.182, "cache.m3.xlarge": 0.364,
    "cache.m3.2xlarge": 0.728,
    "cache.m4.large": 0.156, "cache.m4.xlarge": 0.311, "cache.m4.2xlarge": 0.623,
    "cache.m4.4xlarge": 1.245, "cache.m4.10xlarge": 3.112,
    "cache.c1.xlarge": 0.330,
    "cache.r3.large": 0.228, "cache.r3.xlarge": 0.455, "cache.r3.2xlarge": 0.910,
    "cache.r3.4xlarge": 1.820, "cache.r3.8xlarge": 3.640,
    "cache.r4.large": 0.228, "cache.r4.xlarge": 0.455, "cache.r4.2xlarge": 0.910,
    "cache.r4.4xlarge": 1.820, "cache.r4.8xlarge": 3.640, "cache.r4.16xlarge": 7.280,
    # Current generations.
    "cache.t3.micro": 0.017, "cache.t3.small": 0.034, "cache.t3.medium": 0.068,
    "cache.t4g.micro": 0.016, "cache.t4g.small": 0.032, "cache.t4g.medium": 0.065,
    "cache.m5.large": 0.156, "cache.m5.xlarge": 0.311, "cache.m5.2xlarge": 0.623,
    "cache.m5.4xlarge": 1.245, "cache.m5.12xlarge": 3.744, "cache.m5.24xlarge": 7.488,
    "cache.m6g.large": 0.149, "cache.m6g.xlarge": 0.298, "cache.m6g.2xlarge": 0.596,
    "cache.m6g.4xlarge": 1.192, "cache.m6g.8xlarge": 2.384, "cache.m6g.12xlarge": 3.576,
    "cache.m6g.16xlarge": 4.768,
    "cache.m7g.large": 0.158, "cache.m7g.xlarge": 0.315, "cache.m7g.2xlarge": 0.630,
    "cache.m7g.4xlarge": 1.261, "cache.m7g.8xlarge": 2.522, "cache.m7g.12xlarge": 3.782,
    "cache.m7g.16xlarge": 5.043,
    "cache.r5.large": 0.216, "cache.r5.xlarge": 0.431, "cache.r5.2xlarge": 0.862,
    "cache.r5.4xlarge": 1.724, "cache.r5.12xlarge": 5.173, "cache.r5.24xlarge": 10.346,
    "cache.r6g.large": 0.206, "cache.r6g.xlarge": 0.411, "cache.r6g.2xlarge": 0.822,
    "cache.r6g.4xlarge": 1.645, "cache.r6g.8xlarge": 3.290, "cache.r6g.12xlarge": 4.934,
    "cache.r6g.16xlarge": 6.579,
    "cache.r7g.large": 0.219, "cache.r7g.xlarge": 0.437, "cache.r7g.2xlarge": 0.873,
    "cache.r7g.4xlarge": 1.747, "cache.r7g.8xlarge": 3.493, "cache.r7g.12xlarge": 5.240,
    "cache.r7g.16xlarge": 6.986,
}

PRODUCTS = ("redis", "memcached")
YEARS = (1, 3)
SECONDS_PER_YEAR = 31536000
HOURS_PER_YEAR = 8760

# offering type -> years -> (share of on-demand cost paid up front, usage price share,
# recurring hourly share). Shares shrink for 3 years as real reservations do.
TERMS = {
    "Light Utilization": {1: (0.15, 0.55, None), 3: (0.12, 0.50, None)},
    "Medium Utilization": {1: (0.25, 0.35, None), 3: (0.20, 0.30, None)},
    "Heavy Utilization": {1: (0.30, 0.0, 0.20), 3: (0.24, 0.0, 0.15)},
    "No Upfront": {1: (0.0, 0.0, 0.70), 3: (0.0, 0.0, 0.55)},
    "Partial Upfront": {1: (0.30, 0.0, 0.34), 3: (0.22, 0.0, 0.25)},
    "All Upfront": {1: (0.62, 0.0, None), 3: (0.45, 0.0, None)},
}


def fnv1a64(text):
    value = 14695981039346656037
    for byte in text.encode():
        value ^= byte
        value = (value * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return value


def offering_id(node_type, product, seconds, offering_type):
    """The server's DeriveOfferingId: version nibble 5, RFC 4122 variant."""
    key = f"{node_type}|{product}|{seconds}|{offering_type}"
    high = fnv1a64("reserved-offering-high|" + key)
    low = fnv1a64("reserved-offering-low|" + key)
    high = (high & ~0xF000) | 0x5000
    low = (low & ~(0xC0 << 56)) | (0x80 << 56)
    h, l = f"{high:016x}", f"{low:016x}"
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{l[0:4]}-{l[4:16]}"


def money(value, digits):
    text = f"{round(value, digits):.{digits}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def hourly(share, on_demand):
    return max(0.001, share * on_demand)


def rows():
    for node_type, on_demand in ON_DEMAND.items():
        for product in PRODUCTS:
            for years in YEARS:
                for offering_type, terms in TERMS.items():
                    upfront, usage, recurring = terms[years]
                    fixed = round(upfront * on_demand * HOURS_PER_YEAR * years)
                    usage_price = hourly(usage, on_demand) if usage else 0.0
                    recurring_text = money(hourly(recurring, on_demand), 3) if recurring else ""
                    yield ",".join([
                        offering_id(node_type, product, years * SECONDS_PER_YEAR, offering_type),
                        node_type, product, str(years), offering_type, money(fixed, 1),
                        money(usage_price, 3), recurring_text])


def main():
    lines = [
        "# Reserved cache node offerings served by DescribeReservedCacheNodesOfferings and",
        "# bought with PurchaseReservedCacheNodesOffering. Generated by",
        "# tools/gen_reserved_offerings.py; prices are illustrative, not AWS's price list.",
        "# Edit it or point `reserved_offerings_file` at your own copy. Columns:",
        "#   offering_id       a UUID; leave empty to have one derived from the next four columns",
        "#   duration          years (1, 3) or seconds (31536000, 94608000)",
        "#   fixed_price       paid once (USD); usage_price: per hour of use (USD)",
        "#   recurring_hourly  an Hourly recurring charge (USD); empty for none",
        HEADER,
        *rows(),
    ]
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")
    print(f"wrote {OUTPUT}: {len(lines) - 9} offerings")


if __name__ == "__main__":
    main()
