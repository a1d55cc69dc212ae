import path from 'node:path';
import type { NextConfig } from 'next';

// The monorepo root: Turbopack and output tracing must both see it, or Next guesses from stray lockfiles.
const monorepoRoot = path.join(__dirname, '..', '..');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: monorepoRoot },
  outputFileTracingRoot: monorepoRoot,
};

export default nextConfig;
