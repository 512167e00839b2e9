# One image for every service of the monorepo; docker-compose picks the workspace to run.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production HOST=0.0.0.0
