-- CreateIndex
CREATE INDEX "ip_configuration_application_security_group_workspace_id_idx" ON "ip_configuration_application_security_group"("workspace_id");

-- CreateIndex
CREATE INDEX "security_rule_application_security_group_workspace_id_idx" ON "security_rule_application_security_group"("workspace_id");

-- CreateIndex
CREATE INDEX "network_group_static_member_workspace_id_idx" ON "network_group_static_member"("workspace_id");

-- CreateIndex
CREATE INDEX "admin_rule_collection_network_group_workspace_id_idx" ON "admin_rule_collection_network_group"("workspace_id");

-- CreateIndex
CREATE INDEX "admin_rule_address_workspace_id_idx" ON "admin_rule_address"("workspace_id");

-- CreateIndex
CREATE INDEX "network_manager_deployment_workspace_id_idx" ON "network_manager_deployment"("workspace_id");

-- CreateIndex
CREATE INDEX "network_manager_deployment_configuration_workspace_id_idx" ON "network_manager_deployment_configuration"("workspace_id");
