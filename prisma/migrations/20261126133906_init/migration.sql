-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "security_rule_direction" AS ENUM ('Inbound', 'Outbound');

-- CreateEnum
CREATE TYPE "security_rule_access" AS ENUM ('Allow', 'Deny');

-- CreateEnum
CREATE TYPE "security_rule_protocol" AS ENUM ('Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*');

-- CreateEnum
CREATE TYPE "admin_rule_access" AS ENUM ('Allow', 'Deny', 'AlwaysAllow');

-- CreateEnum
CREATE TYPE "admin_rule_protocol" AS ENUM ('Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', 'Any');

-- CreateEnum
CREATE TYPE "admin_rule_kind" AS ENUM ('Custom', 'Default');

-- CreateEnum
CREATE TYPE "address_prefix_type" AS ENUM ('IPPrefix', 'ServiceTag', 'NetworkGroup');

-- CreateEnum
CREATE TYPE "address_side" AS ENUM ('Source', 'Destination');

-- CreateEnum
CREATE TYPE "virtual_network_peering_state" AS ENUM ('Initiated', 'Connected', 'Disconnected');

-- CreateEnum
CREATE TYPE "ip_version" AS ENUM ('IPv4', 'IPv6');

-- CreateEnum
CREATE TYPE "network_group_member_type" AS ENUM ('VirtualNetwork', 'Subnet');

-- CreateEnum
CREATE TYPE "network_intent_policy_based_service" AS ENUM ('None', 'All', 'AllowRulesOnly');

-- CreateEnum
CREATE TYPE "address_space_aggregation_option" AS ENUM ('None', 'Manual');

-- CreateEnum
CREATE TYPE "configuration_type" AS ENUM ('SecurityAdmin', 'Connectivity', 'Routing', 'SecurityUser');

-- CreateTable
CREATE TABLE "workspace" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "virtual_network" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "address_prefixes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "extra_virtual_network_prefixes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "admin_rules_exempt" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "virtual_network_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "virtual_network_peering" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "virtual_network_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "remote_virtual_network_arm_id" TEXT,
    "remote_virtual_network_id" UUID,
    "remote_address_prefixes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allow_virtual_network_access" BOOLEAN NOT NULL DEFAULT true,
    "peering_state" "virtual_network_peering_state" NOT NULL DEFAULT 'Connected',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "virtual_network_peering_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subnet" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "virtual_network_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address_prefixes" TEXT[],
    "network_security_group_id" UUID,
    "admin_rules_exempt" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subnet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_interface" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT,
    "network_security_group_id" UUID,
    "enable_ip_forwarding" BOOLEAN NOT NULL DEFAULT false,
    "virtual_machine_id" UUID,
    "primary" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "network_interface_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ip_configuration" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "network_interface_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "private_ip_address" TEXT NOT NULL,
    "private_ip_address_version" "ip_version",
    "primary" BOOLEAN NOT NULL DEFAULT false,
    "subnet_id" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ip_configuration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ip_configuration_application_security_group" (
    "workspace_id" UUID NOT NULL,
    "ip_configuration_id" UUID NOT NULL,
    "application_security_group_id" UUID NOT NULL,

    CONSTRAINT "ip_configuration_application_security_group_pkey" PRIMARY KEY ("ip_configuration_id","application_security_group_id")
);

-- CreateTable
CREATE TABLE "virtual_machine" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "power_state" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "virtual_machine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_security_group" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_security_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_security_group" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "network_security_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_rule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "network_security_group_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" VARCHAR(140),
    "priority" INTEGER NOT NULL,
    "direction" "security_rule_direction" NOT NULL,
    "access" "security_rule_access" NOT NULL,
    "protocol" "security_rule_protocol" NOT NULL,
    "source_address_prefix" TEXT,
    "source_address_prefixes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "destination_address_prefix" TEXT,
    "destination_address_prefixes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "source_port_range" TEXT,
    "source_port_ranges" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "destination_port_range" TEXT,
    "destination_port_ranges" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "security_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_rule_application_security_group" (
    "workspace_id" UUID NOT NULL,
    "security_rule_id" UUID NOT NULL,
    "side" "address_side" NOT NULL,
    "application_security_group_id" UUID NOT NULL,

    CONSTRAINT "security_rule_application_security_group_pkey" PRIMARY KEY ("security_rule_id","side","application_security_group_id")
);

-- CreateTable
CREATE TABLE "service_tag" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address_prefixes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_manager" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT,
    "description" TEXT,
    "management_groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subscriptions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scope_accesses" "configuration_type"[] DEFAULT ARRAY[]::"configuration_type"[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "network_manager_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_group" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "network_manager_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "member_type" "network_group_member_type" NOT NULL DEFAULT 'VirtualNetwork',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "network_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_group_static_member" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT,
    "network_group_id" UUID NOT NULL,
    "name" TEXT,
    "resource_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "network_group_static_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_admin_configuration" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "network_manager_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "apply_on_network_intent_policy_based_services" "network_intent_policy_based_service" NOT NULL DEFAULT 'None',
    "network_group_address_space_aggregation_option" "address_space_aggregation_option" NOT NULL DEFAULT 'None',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "security_admin_configuration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_rule_collection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "security_admin_configuration_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_rule_collection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_rule_collection_network_group" (
    "workspace_id" UUID NOT NULL,
    "admin_rule_collection_id" UUID NOT NULL,
    "network_group_id" UUID NOT NULL,

    CONSTRAINT "admin_rule_collection_network_group_pkey" PRIMARY KEY ("admin_rule_collection_id","network_group_id")
);

-- CreateTable
CREATE TABLE "admin_rule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "arm_id" TEXT NOT NULL,
    "admin_rule_collection_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "admin_rule_kind" NOT NULL DEFAULT 'Custom',
    "description" VARCHAR(140),
    "access" "admin_rule_access" NOT NULL,
    "priority" INTEGER NOT NULL,
    "direction" "security_rule_direction" NOT NULL,
    "protocol" "admin_rule_protocol" NOT NULL,
    "source_port_ranges" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "destination_port_ranges" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "flag" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_rule_address" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "admin_rule_id" UUID NOT NULL,
    "side" "address_side" NOT NULL,
    "position" INTEGER NOT NULL,
    "address_prefix" TEXT NOT NULL,
    "address_prefix_type" "address_prefix_type" NOT NULL,

    CONSTRAINT "admin_rule_address_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_manager_deployment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "network_manager_id" UUID NOT NULL,
    "region" TEXT NOT NULL,
    "deployment_type" "configuration_type" NOT NULL DEFAULT 'SecurityAdmin',
    "deployment_status" TEXT,
    "configuration_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "network_manager_deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_manager_deployment_configuration" (
    "workspace_id" UUID NOT NULL,
    "network_manager_deployment_id" UUID NOT NULL,
    "security_admin_configuration_id" UUID NOT NULL,

    CONSTRAINT "network_manager_deployment_configuration_pkey" PRIMARY KEY ("network_manager_deployment_id","security_admin_configuration_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "workspace_name_key" ON "workspace"("name");

-- CreateIndex
CREATE INDEX "virtual_network_workspace_id_name_idx" ON "virtual_network"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "virtual_network_peering_remote_virtual_network_id_idx" ON "virtual_network_peering"("remote_virtual_network_id");

-- CreateIndex
CREATE UNIQUE INDEX "virtual_network_peering_virtual_network_id_name_key" ON "virtual_network_peering"("virtual_network_id", "name");

-- CreateIndex
CREATE INDEX "subnet_network_security_group_id_idx" ON "subnet"("network_security_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "subnet_virtual_network_id_name_key" ON "subnet"("virtual_network_id", "name");

-- CreateIndex
CREATE INDEX "network_interface_workspace_id_name_idx" ON "network_interface"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "network_interface_network_security_group_id_idx" ON "network_interface"("network_security_group_id");

-- CreateIndex
CREATE INDEX "network_interface_virtual_machine_id_idx" ON "network_interface"("virtual_machine_id");

-- CreateIndex
CREATE INDEX "ip_configuration_subnet_id_idx" ON "ip_configuration"("subnet_id");

-- CreateIndex
CREATE INDEX "ip_configuration_workspace_id_private_ip_address_idx" ON "ip_configuration"("workspace_id", "private_ip_address");

-- CreateIndex
CREATE UNIQUE INDEX "ip_configuration_network_interface_id_name_key" ON "ip_configuration"("network_interface_id", "name");

-- CreateIndex
CREATE INDEX "ip_configuration_application_security_group_application_sec_idx" ON "ip_configuration_application_security_group"("application_security_group_id");

-- CreateIndex
CREATE INDEX "virtual_machine_workspace_id_name_idx" ON "virtual_machine"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "application_security_group_workspace_id_name_idx" ON "application_security_group"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "network_security_group_workspace_id_name_idx" ON "network_security_group"("workspace_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "security_rule_network_security_group_id_direction_priority_key" ON "security_rule"("network_security_group_id", "direction", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "security_rule_network_security_group_id_name_key" ON "security_rule"("network_security_group_id", "name");

-- CreateIndex
CREATE INDEX "security_rule_application_security_group_application_securi_idx" ON "security_rule_application_security_group"("application_security_group_id");

-- CreateIndex
CREATE INDEX "network_manager_workspace_id_name_idx" ON "network_manager"("workspace_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "network_group_network_manager_id_name_key" ON "network_group"("network_manager_id", "name");

-- CreateIndex
CREATE INDEX "network_group_static_member_network_group_id_idx" ON "network_group_static_member"("network_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "security_admin_configuration_network_manager_id_name_key" ON "security_admin_configuration"("network_manager_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "admin_rule_collection_security_admin_configuration_id_name_key" ON "admin_rule_collection"("security_admin_configuration_id", "name");

-- CreateIndex
CREATE INDEX "admin_rule_collection_network_group_network_group_id_idx" ON "admin_rule_collection_network_group"("network_group_id");

-- CreateIndex
CREATE UNIQUE INDEX "admin_rule_admin_rule_collection_id_direction_priority_key" ON "admin_rule"("admin_rule_collection_id", "direction", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "admin_rule_admin_rule_collection_id_name_key" ON "admin_rule"("admin_rule_collection_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "admin_rule_address_admin_rule_id_side_position_key" ON "admin_rule_address"("admin_rule_id", "side", "position");

-- CreateIndex
CREATE UNIQUE INDEX "network_manager_deployment_network_manager_id_region_deploy_key" ON "network_manager_deployment"("network_manager_id", "region", "deployment_type");

-- CreateIndex
CREATE INDEX "network_manager_deployment_configuration_security_admin_con_idx" ON "network_manager_deployment_configuration"("security_admin_configuration_id");

-- AddForeignKey
ALTER TABLE "virtual_network" ADD CONSTRAINT "virtual_network_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_network_peering" ADD CONSTRAINT "virtual_network_peering_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_network_peering" ADD CONSTRAINT "virtual_network_peering_virtual_network_id_fkey" FOREIGN KEY ("virtual_network_id") REFERENCES "virtual_network"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_network_peering" ADD CONSTRAINT "virtual_network_peering_remote_virtual_network_id_fkey" FOREIGN KEY ("remote_virtual_network_id") REFERENCES "virtual_network"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subnet" ADD CONSTRAINT "subnet_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subnet" ADD CONSTRAINT "subnet_virtual_network_id_fkey" FOREIGN KEY ("virtual_network_id") REFERENCES "virtual_network"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subnet" ADD CONSTRAINT "subnet_network_security_group_id_fkey" FOREIGN KEY ("network_security_group_id") REFERENCES "network_security_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_interface" ADD CONSTRAINT "network_interface_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_interface" ADD CONSTRAINT "network_interface_network_security_group_id_fkey" FOREIGN KEY ("network_security_group_id") REFERENCES "network_security_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_interface" ADD CONSTRAINT "network_interface_virtual_machine_id_fkey" FOREIGN KEY ("virtual_machine_id") REFERENCES "virtual_machine"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_configuration" ADD CONSTRAINT "ip_configuration_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_configuration" ADD CONSTRAINT "ip_configuration_network_interface_id_fkey" FOREIGN KEY ("network_interface_id") REFERENCES "network_interface"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_configuration" ADD CONSTRAINT "ip_configuration_subnet_id_fkey" FOREIGN KEY ("subnet_id") REFERENCES "subnet"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_configuration_application_security_group" ADD CONSTRAINT "ip_configuration_application_security_group_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_configuration_application_security_group" ADD CONSTRAINT "ip_configuration_application_security_group_ip_configurati_fkey" FOREIGN KEY ("ip_configuration_id") REFERENCES "ip_configuration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_configuration_application_security_group" ADD CONSTRAINT "ip_configuration_application_security_group_application_se_fkey" FOREIGN KEY ("application_security_group_id") REFERENCES "application_security_group"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_machine" ADD CONSTRAINT "virtual_machine_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_security_group" ADD CONSTRAINT "application_security_group_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_security_group" ADD CONSTRAINT "network_security_group_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_rule" ADD CONSTRAINT "security_rule_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_rule" ADD CONSTRAINT "security_rule_network_security_group_id_fkey" FOREIGN KEY ("network_security_group_id") REFERENCES "network_security_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_rule_application_security_group" ADD CONSTRAINT "security_rule_application_security_group_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_rule_application_security_group" ADD CONSTRAINT "security_rule_application_security_group_security_rule_id_fkey" FOREIGN KEY ("security_rule_id") REFERENCES "security_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_rule_application_security_group" ADD CONSTRAINT "security_rule_application_security_group_application_secur_fkey" FOREIGN KEY ("application_security_group_id") REFERENCES "application_security_group"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_tag" ADD CONSTRAINT "service_tag_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_manager" ADD CONSTRAINT "network_manager_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_group" ADD CONSTRAINT "network_group_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_group" ADD CONSTRAINT "network_group_network_manager_id_fkey" FOREIGN KEY ("network_manager_id") REFERENCES "network_manager"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_group_static_member" ADD CONSTRAINT "network_group_static_member_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_group_static_member" ADD CONSTRAINT "network_group_static_member_network_group_id_fkey" FOREIGN KEY ("network_group_id") REFERENCES "network_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_admin_configuration" ADD CONSTRAINT "security_admin_configuration_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_admin_configuration" ADD CONSTRAINT "security_admin_configuration_network_manager_id_fkey" FOREIGN KEY ("network_manager_id") REFERENCES "network_manager"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule_collection" ADD CONSTRAINT "admin_rule_collection_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule_collection" ADD CONSTRAINT "admin_rule_collection_security_admin_configuration_id_fkey" FOREIGN KEY ("security_admin_configuration_id") REFERENCES "security_admin_configuration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule_collection_network_group" ADD CONSTRAINT "admin_rule_collection_network_group_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule_collection_network_group" ADD CONSTRAINT "admin_rule_collection_network_group_admin_rule_collection__fkey" FOREIGN KEY ("admin_rule_collection_id") REFERENCES "admin_rule_collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule_collection_network_group" ADD CONSTRAINT "admin_rule_collection_network_group_network_group_id_fkey" FOREIGN KEY ("network_group_id") REFERENCES "network_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule" ADD CONSTRAINT "admin_rule_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule" ADD CONSTRAINT "admin_rule_admin_rule_collection_id_fkey" FOREIGN KEY ("admin_rule_collection_id") REFERENCES "admin_rule_collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule_address" ADD CONSTRAINT "admin_rule_address_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_rule_address" ADD CONSTRAINT "admin_rule_address_admin_rule_id_fkey" FOREIGN KEY ("admin_rule_id") REFERENCES "admin_rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_manager_deployment" ADD CONSTRAINT "network_manager_deployment_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_manager_deployment" ADD CONSTRAINT "network_manager_deployment_network_manager_id_fkey" FOREIGN KEY ("network_manager_id") REFERENCES "network_manager"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_manager_deployment_configuration" ADD CONSTRAINT "network_manager_deployment_configuration_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_manager_deployment_configuration" ADD CONSTRAINT "network_manager_deployment_configuration_network_manager_d_fkey" FOREIGN KEY ("network_manager_deployment_id") REFERENCES "network_manager_deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_manager_deployment_configuration" ADD CONSTRAINT "network_manager_deployment_configuration_security_admin_co_fkey" FOREIGN KEY ("security_admin_configuration_id") REFERENCES "security_admin_configuration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ===================================================================================================
-- Hand-written below this line (Prisma cannot express these). See packages/db/README.md.
-- ===================================================================================================

-- ARM ids are case-insensitive: unique per workspace on lower(arm_id). Two workspaces may hold the same id.
CREATE UNIQUE INDEX "virtual_network_workspace_arm_id_key" ON "virtual_network" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "virtual_network_peering_workspace_arm_id_key" ON "virtual_network_peering" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "subnet_workspace_arm_id_key" ON "subnet" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "network_interface_workspace_arm_id_key" ON "network_interface" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "ip_configuration_workspace_arm_id_key" ON "ip_configuration" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "virtual_machine_workspace_arm_id_key" ON "virtual_machine" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "application_security_group_workspace_arm_id_key" ON "application_security_group" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "network_security_group_workspace_arm_id_key" ON "network_security_group" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "security_rule_workspace_arm_id_key" ON "security_rule" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "network_manager_workspace_arm_id_key" ON "network_manager" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "network_group_workspace_arm_id_key" ON "network_group" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "security_admin_configuration_workspace_arm_id_key" ON "security_admin_configuration" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "admin_rule_collection_workspace_arm_id_key" ON "admin_rule_collection" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "admin_rule_workspace_arm_id_key" ON "admin_rule" ("workspace_id", lower("arm_id"));
CREATE UNIQUE INDEX "network_group_static_member_workspace_arm_id_key" ON "network_group_static_member" ("workspace_id", lower("arm_id")) WHERE "arm_id" IS NOT NULL;
CREATE UNIQUE INDEX "network_group_static_member_group_resource_id_key" ON "network_group_static_member" ("network_group_id", lower("resource_id"));
CREATE UNIQUE INDEX "service_tag_workspace_name_key" ON "service_tag" ("workspace_id", lower("name"));

-- A reference never crosses workspaces: every parent is unique on (workspace_id, id) and every reference is
-- also a composite FK on (workspace_id, <fk>). SET NULL names the column so workspace_id stays.
ALTER TABLE "virtual_network" ADD CONSTRAINT "virtual_network_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "network_security_group" ADD CONSTRAINT "network_security_group_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "virtual_machine" ADD CONSTRAINT "virtual_machine_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "network_interface" ADD CONSTRAINT "network_interface_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "subnet" ADD CONSTRAINT "subnet_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "ip_configuration" ADD CONSTRAINT "ip_configuration_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "application_security_group" ADD CONSTRAINT "application_security_group_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "security_rule" ADD CONSTRAINT "security_rule_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "network_manager" ADD CONSTRAINT "network_manager_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "network_group" ADD CONSTRAINT "network_group_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "security_admin_configuration" ADD CONSTRAINT "security_admin_configuration_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "admin_rule_collection" ADD CONSTRAINT "admin_rule_collection_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "admin_rule" ADD CONSTRAINT "admin_rule_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "network_manager_deployment" ADD CONSTRAINT "network_manager_deployment_workspace_id_id_key" UNIQUE ("workspace_id", "id");
ALTER TABLE "virtual_network_peering" ADD CONSTRAINT "virtual_network_peering_ws_virtual_network_id_fkey" FOREIGN KEY ("workspace_id", "virtual_network_id") REFERENCES "virtual_network" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "virtual_network_peering" ADD CONSTRAINT "virtual_network_peering_ws_remote_virtual_network_id_fkey" FOREIGN KEY ("workspace_id", "remote_virtual_network_id") REFERENCES "virtual_network" ("workspace_id", "id") ON DELETE SET NULL ("remote_virtual_network_id");
ALTER TABLE "subnet" ADD CONSTRAINT "subnet_ws_virtual_network_id_fkey" FOREIGN KEY ("workspace_id", "virtual_network_id") REFERENCES "virtual_network" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "subnet" ADD CONSTRAINT "subnet_ws_network_security_group_id_fkey" FOREIGN KEY ("workspace_id", "network_security_group_id") REFERENCES "network_security_group" ("workspace_id", "id") ON DELETE SET NULL ("network_security_group_id");
ALTER TABLE "network_interface" ADD CONSTRAINT "network_interface_ws_network_security_group_id_fkey" FOREIGN KEY ("workspace_id", "network_security_group_id") REFERENCES "network_security_group" ("workspace_id", "id") ON DELETE SET NULL ("network_security_group_id");
ALTER TABLE "network_interface" ADD CONSTRAINT "network_interface_ws_virtual_machine_id_fkey" FOREIGN KEY ("workspace_id", "virtual_machine_id") REFERENCES "virtual_machine" ("workspace_id", "id") ON DELETE SET NULL ("virtual_machine_id");
ALTER TABLE "ip_configuration" ADD CONSTRAINT "ip_configuration_ws_network_interface_id_fkey" FOREIGN KEY ("workspace_id", "network_interface_id") REFERENCES "network_interface" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "ip_configuration" ADD CONSTRAINT "ip_configuration_ws_subnet_id_fkey" FOREIGN KEY ("workspace_id", "subnet_id") REFERENCES "subnet" ("workspace_id", "id") ON DELETE NO ACTION;
ALTER TABLE "ip_configuration_application_security_group" ADD CONSTRAINT "ip_configuration_application_security_group_ws_ip_confi_fkey" FOREIGN KEY ("workspace_id", "ip_configuration_id") REFERENCES "ip_configuration" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "ip_configuration_application_security_group" ADD CONSTRAINT "ip_configuration_application_security_group_ws_applicat_fkey" FOREIGN KEY ("workspace_id", "application_security_group_id") REFERENCES "application_security_group" ("workspace_id", "id") ON DELETE NO ACTION;
ALTER TABLE "security_rule" ADD CONSTRAINT "security_rule_ws_network_security_group_id_fkey" FOREIGN KEY ("workspace_id", "network_security_group_id") REFERENCES "network_security_group" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "security_rule_application_security_group" ADD CONSTRAINT "security_rule_application_security_group_ws_security_ru_fkey" FOREIGN KEY ("workspace_id", "security_rule_id") REFERENCES "security_rule" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "security_rule_application_security_group" ADD CONSTRAINT "security_rule_application_security_group_ws_application_fkey" FOREIGN KEY ("workspace_id", "application_security_group_id") REFERENCES "application_security_group" ("workspace_id", "id") ON DELETE NO ACTION;
ALTER TABLE "network_group" ADD CONSTRAINT "network_group_ws_network_manager_id_fkey" FOREIGN KEY ("workspace_id", "network_manager_id") REFERENCES "network_manager" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "network_group_static_member" ADD CONSTRAINT "network_group_static_member_ws_network_group_id_fkey" FOREIGN KEY ("workspace_id", "network_group_id") REFERENCES "network_group" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "security_admin_configuration" ADD CONSTRAINT "security_admin_configuration_ws_network_manager_id_fkey" FOREIGN KEY ("workspace_id", "network_manager_id") REFERENCES "network_manager" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "admin_rule_collection" ADD CONSTRAINT "admin_rule_collection_ws_security_admin_configuration_i_fkey" FOREIGN KEY ("workspace_id", "security_admin_configuration_id") REFERENCES "security_admin_configuration" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "admin_rule_collection_network_group" ADD CONSTRAINT "admin_rule_collection_network_group_ws_admin_rule_colle_fkey" FOREIGN KEY ("workspace_id", "admin_rule_collection_id") REFERENCES "admin_rule_collection" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "admin_rule_collection_network_group" ADD CONSTRAINT "admin_rule_collection_network_group_ws_network_group_id_fkey" FOREIGN KEY ("workspace_id", "network_group_id") REFERENCES "network_group" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "admin_rule" ADD CONSTRAINT "admin_rule_ws_admin_rule_collection_id_fkey" FOREIGN KEY ("workspace_id", "admin_rule_collection_id") REFERENCES "admin_rule_collection" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "admin_rule_address" ADD CONSTRAINT "admin_rule_address_ws_admin_rule_id_fkey" FOREIGN KEY ("workspace_id", "admin_rule_id") REFERENCES "admin_rule" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "network_manager_deployment" ADD CONSTRAINT "network_manager_deployment_ws_network_manager_id_fkey" FOREIGN KEY ("workspace_id", "network_manager_id") REFERENCES "network_manager" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "network_manager_deployment_configuration" ADD CONSTRAINT "network_manager_deployment_configuration_ws_network_man_fkey" FOREIGN KEY ("workspace_id", "network_manager_deployment_id") REFERENCES "network_manager_deployment" ("workspace_id", "id") ON DELETE CASCADE;
ALTER TABLE "network_manager_deployment_configuration" ADD CONSTRAINT "network_manager_deployment_configuration_ws_security_ad_fkey" FOREIGN KEY ("workspace_id", "security_admin_configuration_id") REFERENCES "security_admin_configuration" ("workspace_id", "id") ON DELETE CASCADE;

-- Helper functions for CHECK constraints (IMMUTABLE; plpgsql so casts run only after the syntax test).
-- `*`, `n` or `a-b` with 0 <= a <= b <= 65535.
CREATE FUNCTION "flowverify_is_port_range"(r text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  IF r = '*' THEN RETURN true; END IF;
  IF r ~ '^[0-9]{1,5}$' THEN RETURN r::int <= 65535; END IF;
  IF r ~ '^[0-9]{1,5}-[0-9]{1,5}$' THEN
    RETURN split_part(r, '-', 1)::int <= split_part(r, '-', 2)::int AND split_part(r, '-', 2)::int <= 65535;
  END IF;
  RETURN false;
END $$;

CREATE FUNCTION "flowverify_are_port_ranges"(rs text[]) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY rs LOOP
    IF r IS NULL OR NOT "flowverify_is_port_range"(r) THEN RETURN false; END IF;
  END LOOP;
  RETURN true;
END $$;

-- A single host address (no prefix length); IPv4 in canonical dotted-quad form (no octal/short forms);
-- the version, when given, agrees with the address family.
CREATE FUNCTION "flowverify_is_host_address"(a text, v "ip_version") RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE addr inet;
BEGIN
  IF a IS NULL OR position('/' IN a) > 0 THEN RETURN false; END IF;
  BEGIN
    addr := a::inet;
  EXCEPTION WHEN others THEN
    RETURN false;
  END;
  IF family(addr) = 4 AND host(addr) <> a THEN RETURN false; END IF;
  RETURN v IS NULL OR (family(addr) = 4) = (v = 'IPv4');
END $$;

-- Rows with no null elements.
CREATE FUNCTION "flowverify_has_no_nulls"(xs anyarray) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT array_position(xs, NULL) IS NULL
$$;

ALTER TABLE "workspace" ADD CONSTRAINT "workspace_name_check" CHECK (length(btrim("name")) > 0);

ALTER TABLE "subnet" ADD CONSTRAINT "subnet_address_prefixes_check"
  CHECK (cardinality("address_prefixes") >= 1 AND "flowverify_has_no_nulls"("address_prefixes"));

ALTER TABLE "ip_configuration" ADD CONSTRAINT "ip_configuration_private_ip_address_check"
  CHECK ("flowverify_is_host_address"("private_ip_address", "private_ip_address_version"));

-- At most one primary NIC per VM and one primary IP configuration per NIC.
CREATE UNIQUE INDEX "network_interface_primary_per_vm_key" ON "network_interface" ("virtual_machine_id")
  WHERE "primary" AND "virtual_machine_id" IS NOT NULL;
CREATE UNIQUE INDEX "ip_configuration_primary_per_nic_key" ON "ip_configuration" ("network_interface_id")
  WHERE "primary";

-- NSG rules (azure-semantics §2.1, §2.2).
ALTER TABLE "security_rule" ADD CONSTRAINT "security_rule_priority_check" CHECK ("priority" BETWEEN 100 AND 4096);
ALTER TABLE "security_rule" ADD CONSTRAINT "security_rule_name_check" CHECK ("name" ~ '^\w([\w.-]{0,78}\w)?$');
ALTER TABLE "security_rule" ADD CONSTRAINT "security_rule_port_ranges_check" CHECK (
  ("source_port_range" IS NULL OR "flowverify_is_port_range"("source_port_range"))
  AND ("destination_port_range" IS NULL OR "flowverify_is_port_range"("destination_port_range"))
  AND "flowverify_are_port_ranges"("source_port_ranges")
  AND "flowverify_are_port_ranges"("destination_port_ranges"));
-- Singular prefix or plural prefixes, not both; plural lists hold IPs/CIDRs only (no `*`).
ALTER TABLE "security_rule" ADD CONSTRAINT "security_rule_address_prefixes_check" CHECK (
  NOT ("source_address_prefix" IS NOT NULL AND cardinality("source_address_prefixes") > 0)
  AND NOT ("destination_address_prefix" IS NOT NULL AND cardinality("destination_address_prefixes") > 0)
  AND "flowverify_has_no_nulls"("source_address_prefixes") AND NOT ('*' = ANY ("source_address_prefixes"))
  AND "flowverify_has_no_nulls"("destination_address_prefixes") AND NOT ('*' = ANY ("destination_address_prefixes")));

-- Security admin rules (azure-semantics §8.1).
ALTER TABLE "admin_rule" ADD CONSTRAINT "admin_rule_priority_check" CHECK ("priority" BETWEEN 1 AND 4096);
ALTER TABLE "admin_rule" ADD CONSTRAINT "admin_rule_port_ranges_check" CHECK (
  "flowverify_are_port_ranges"("source_port_ranges") AND "flowverify_are_port_ranges"("destination_port_ranges"));
ALTER TABLE "admin_rule_address" ADD CONSTRAINT "admin_rule_address_position_check" CHECK ("position" >= 0);
ALTER TABLE "admin_rule_address" ADD CONSTRAINT "admin_rule_address_prefix_check" CHECK (length("address_prefix") > 0);
