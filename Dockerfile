# The judgebox API and worker (one image, two commands). For registry-connected hosts; on hosts
# without a registry use `npm start` instead (README). Sandbox images are built on the host engine
# with scripts/build-images.sh, not here.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json tsconfig.json ./
COPY scripts/register-paths.js scripts/register-paths.js
COPY seccomp/profile.json seccomp/profile.json
USER node
CMD ["node", "-r", "./scripts/register-paths.js", "dist/apps/api/src/main.js"]
