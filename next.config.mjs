/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The build artefacts of models and data live outside the bundle.
  outputFileTracingExcludes: { "*": ["data/**", "models/**", "tests/**", "bench/**"] },
};

export default nextConfig;
