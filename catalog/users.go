package catalog

import (
	"context"
	"slices"
	"time"
)

// User is a person who signs in to the dashboard. Admins may do everything;
// editors only work on the episodes and articles of the shows they are given.
type User struct {
	ID    string
	Email string // unique, compared case-insensitively (stored lower-cased).
	// PasswordHash is a PHC-style argon2id string from HashPassword.
	PasswordHash string
	Role         string   // RoleAdmin or RoleEditor.
	ShowIDs      []string // the shows an editor is given, sorted; ignored for admins.
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// User roles.
const (
	RoleAdmin  = "admin"
	RoleEditor = "editor"
)

// CanEditShow reports whether u may change the episodes and articles of the
// show with this id.
func (u *User) CanEditShow(showID string) bool {
	return u.Role == RoleAdmin || slices.Contains(u.ShowIDs, showID)
}

// IsAdmin reports whether u may do everything, shows and tokens included.
func (u *User) IsAdmin() bool { return u.Role == RoleAdmin }

// Session is one signed-in browser. The cookie holds a random secret; only
// its SHA-256 is stored, so a leaked database does not sign anyone in.
type Session struct {
	Hash      []byte // SHA-256 of the cookie's secret.
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// UserStore keeps dashboard users and their sessions.
type UserStore interface {
	// CreateUser stores u, filling ID and timestamps when empty. A taken
	// email is ErrConflict; an unknown show id is ErrNotFound.
	CreateUser(ctx context.Context, u *User) error
	GetUser(ctx context.Context, id string) (*User, error)
	GetUserByEmail(ctx context.Context, email string) (*User, error)
	// ListUsers returns every user ordered by email.
	ListUsers(ctx context.Context) ([]*User, error)
	// UpdateUser writes Email, PasswordHash, Role and ShowIDs. An unknown
	// user or show is ErrNotFound, a taken email ErrConflict.
	UpdateUser(ctx context.Context, u *User) error
	// DeleteUser removes the user and their sessions.
	DeleteUser(ctx context.Context, id string) error

	// CreateSession stores s; an unknown user is ErrNotFound.
	CreateSession(ctx context.Context, s *Session) error
	// GetSession finds a session by the hash of its secret, expired or not:
	// the caller compares ExpiresAt with its clock.
	GetSession(ctx context.Context, hash []byte) (*Session, error)
	// DeleteSession removes the session; a missing one is not an error.
	DeleteSession(ctx context.Context, hash []byte) error
	// DeleteExpiredSessions removes sessions that expired before t and
	// returns how many.
	DeleteExpiredSessions(ctx context.Context, t time.Time) (int, error)
}
