import type { ManagedServiceClientGetters } from '../../src/auth/types.js'

/** For fakes that only serve EC2: every managed-service client is refused, so a test that needs one fails loudly. */
const refuse = (service: string) => (): Promise<never> =>
  Promise.reject(new Error(`this fake provider has no ${service} client`))

export const noManagedClients: ManagedServiceClientGetters = {
  lambda: refuse('Lambda'),
  rds: refuse('RDS'),
  elbv2: refuse('ELBv2'),
  networkFirewall: refuse('Network Firewall'),
  ecs: refuse('ECS')
}
