// Owns who is signed in and as which role: the profile from /api/auth/me, the active role (for users who hold
// several, switched in the header and remembered for this tab), sign-in and sign-out.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { me } from '../api/endpoints';
import type { Profile, Role } from '../api/types';
import { ROLES } from '../api/types';

const ROLE_KEY = 'lianluo.activeRole';

type AuthState =
  | { status: 'loading' }
  | { status: 'signedOut'; reason?: 'ended' }
  | { status: 'signedIn'; profile: Profile; role: Role };

interface AuthValue {
  state: AuthState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  switchRole: (role: Role) => void;
  /** Reads the profile again (after the password change that a one-time password requires). */
  reloadProfile: () => Promise<void>;
  /** Roles the user holds, each once, in a fixed order. */
  roles: Role[];
}

const AuthContext = createContext<AuthValue | null>(null);

export function rolesOf(profile: Profile): Role[] {
  const held = new Set(profile.roles.map((grant) => grant.role));
  return ROLES.filter((role) => held.has(role));
}

function pickRole(profile: Profile): Role {
  const roles = rolesOf(profile);
  let remembered: string | null = null;
  try {
    remembered = sessionStorage.getItem(ROLE_KEY);
  } catch {
    // no storage
  }
  return roles.find((role) => role === remembered) ?? roles[0] ?? 'deputy';
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() =>
    api.hasSession() ? { status: 'loading' } : { status: 'signedOut' },
  );

  useEffect(() => api.onSessionEnded(() => setState({ status: 'signedOut', reason: 'ended' })), []);

  useEffect(() => {
    if (state.status !== 'loading') return;
    let cancelled = false;
    me().then(
      (profile) => !cancelled && setState({ status: 'signedIn', profile, role: pickRole(profile) }),
      () => !cancelled && setState({ status: 'signedOut' }),
    );
    return () => {
      cancelled = true;
    };
  }, [state.status]);

  const login = useCallback(async (username: string, password: string) => {
    await api.login(username, password);
    const profile = await me();
    setState({ status: 'signedIn', profile, role: pickRole(profile) });
  }, []);

  const logout = useCallback(async () => {
    await api.logout();
    try {
      sessionStorage.removeItem(ROLE_KEY);
    } catch {
      // no storage
    }
    setState({ status: 'signedOut' });
  }, []);

  const reloadProfile = useCallback(async () => {
    const profile = await me();
    setState((current) => (current.status === 'signedIn' ? { ...current, profile } : current));
  }, []);

  const switchRole = useCallback((role: Role) => {
    try {
      sessionStorage.setItem(ROLE_KEY, role);
    } catch {
      // no storage
    }
    setState((current) => (current.status === 'signedIn' ? { ...current, role } : current));
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      state,
      login,
      logout,
      switchRole,
      reloadProfile,
      roles: state.status === 'signedIn' ? rolesOf(state.profile) : [],
    }),
    [state, login, logout, switchRole, reloadProfile],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}

/** The signed-in user's profile and active role; only for screens behind the sign-in. */
export function useSession(): { profile: Profile; role: Role } {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useSession before sign-in');
  return { profile: state.profile, role: state.role };
}

/** Where each role starts. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'deputy':
      return '/deputy/new';
    case 'department':
      return '/department/inbox';
    case 'liaison':
      // A liaison officer's day is the station's: its reception days come first (issue #13 item 7).
      return '/reception/days';
    case 'supervisor':
      return '/supervisor/queue';
    case 'admin':
      return '/admin/users';
  }
}
