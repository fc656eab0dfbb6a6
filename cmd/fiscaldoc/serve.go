package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"github.com/fiscaldoc/fiscaldoc/serve"
)

// serve runs the web application over a database, read-only, until ctx is
// done (Ctrl-C).
func (m *Main) serve(ctx context.Context, args []string) error {
	fs := m.flags("serve")
	dbPath := fs.String("db", "fiscal.db", "SQLite database to browse (opened read-only)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (loopback by default: the pages show every stored text)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	db, err := serve.OpenReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	srv, err := serve.New(ctx, db, serve.Options{Log: log})
	if err != nil {
		return fmt.Errorf("serve %s: %w", *dbPath, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(m.Stderr, "fiscaldoc serve: listening on %s, which is not loopback: anyone who reaches it reads the database\n", tcp)
	}
	fmt.Fprintf(m.Stdout, "serving %s read-only at http://%s/ (Ctrl-C stops)\n", *dbPath, ln.Addr())
	return srv.ListenAndServe(ctx, ln)
}
