import { graphql } from '@/src/gql';

export const MeQuery = graphql(`
  query Me {
    me {
      isServerAdmin
      user {
        id
        name
        displayName
      }
      memberships {
        workspace
        role
      }
      apiToken {
        id
        name
      }
    }
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens($includeRevoked: Boolean) {
    apiTokens(includeRevoked: $includeRevoked) {
      id
      name
      prefix
      createdAt
      expiresAt
      lastUsedAt
      revokedAt
      isBootstrap
      user {
        id
        name
      }
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
        name
        prefix
        expiresAt
      }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) {
      apiToken {
        id
        revokedAt
      }
    }
  }
`);

export const UsersQuery = graphql(`
  query Users {
    users {
      id
      name
      displayName
    }
  }
`);

export const WorkspaceMembersQuery = graphql(`
  query WorkspaceMembers($workspace: String) {
    workspaceMembers(workspace: $workspace) {
      workspace
      role
      version
      createdAt
      updatedAt
      user {
        id
        name
        displayName
        isServerAdmin
      }
    }
  }
`);

export const AddWorkspaceMemberMutation = graphql(`
  mutation AddWorkspaceMember($input: AddWorkspaceMemberInput!) {
    addWorkspaceMember(input: $input) {
      member {
        role
        version
        user {
          id
          name
        }
      }
    }
  }
`);

export const RemoveWorkspaceMemberMutation = graphql(`
  mutation RemoveWorkspaceMember($input: RemoveWorkspaceMemberInput!) {
    removeWorkspaceMember(input: $input) {
      removedUserName
    }
  }
`);
