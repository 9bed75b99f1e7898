/*
 * backward.c -- Marek Nowak, lab 5
 *
 * A little struct keeps my forward values (flat row-major arrays from
 * malloc).  fill_state() runs the net on X; the backward pass below then
 * reads only from the state.
 *
 *   z = X W1 + b1      a = max(z, 0)      s = a W2 + b2      p = softmax(s)
 */
#include <stdlib.h>
#include <math.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct state {
    size_t N, H, C;
    double *z;   /* N*H */
    double *a;   /* N*H */
    double *s;   /* N*C */
    double *p;   /* N*C */
};

static int fill_state(struct state *st, const bp_net *net, const gsl_matrix *X)
{
    size_t i, j, k, c;
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    st->N = N; st->H = H; st->C = C;
    st->z = malloc(N * H * sizeof(double));
    st->a = malloc(N * H * sizeof(double));
    st->s = malloc(N * C * sizeof(double));
    st->p = malloc(N * C * sizeof(double));
    if (!st->z || !st->a || !st->s || !st->p)
        return -1;

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double t = gsl_vector_get(net->b1, j);
            for (k = 0; k < D; k++)
                t += gsl_matrix_get(X, i, k) * gsl_matrix_get(net->W1, k, j);
            st->z[i * H + j] = t;
            st->a[i * H + j] = t > 0 ? t : 0;
        }

    for (i = 0; i < N; i++) {
        double mx = -HUGE_VAL, tot = 0;
        for (c = 0; c < C; c++) {
            double t = gsl_vector_get(net->b2, c);
            for (j = 0; j < H; j++)
                t += st->a[i * H + j] * gsl_matrix_get(net->W2, j, c);
            st->s[i * C + c] = t;
            if (t > mx) mx = t;
        }
        for (c = 0; c < C; c++) {
            st->p[i * C + c] = exp(st->s[i * C + c] - mx);
            tot += st->p[i * C + c];
        }
        for (c = 0; c < C; c++)
            st->p[i * C + c] /= tot;
    }
    return 0;
}

static void free_state(struct state *st)
{
    free(st->z); free(st->a); free(st->s); free(st->p);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct state st;
    size_t i, j, k, c;
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double t;

    (void) cache;
    if (fill_state(&st, net, X) != 0)
        return 1;

    /* dL/ds */
    for (i = 0; i < N; i++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, i, c,
                           (st.p[i * C + c] - (c == y[i] ? 1.0 : 0.0)) / (double) N);

    /* dL/dW2 = a^T ds + 2 reg W2,  dL/db2 = sum_i ds */
    for (j = 0; j < H; j++)
        for (c = 0; c < C; c++) {
            t = 0;
            for (i = 0; i < N; i++)
                t += st.z[i * H + j] * gsl_matrix_get(g->dz2, i, c);
            gsl_matrix_set(g->dW2, j, c, t + 2 * reg * gsl_matrix_get(net->W2, j, c));
        }
    for (c = 0; c < C; c++) {
        t = 0;
        for (i = 0; i < N; i++)
            t += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, t);
    }

    /* dL/da = ds W2^T ;  dL/dz = dL/da where z > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            t = 0;
            for (c = 0; c < C; c++)
                t += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, j, c);
            gsl_matrix_set(g->dp1, i, j, t);
            gsl_matrix_set(g->dz1, i, j, st.z[i * H + j] > 0 ? t : 0);
        }

    /* dL/dW1 = X^T dz + 2 reg W1,  dL/db1 = sum_i dz */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            t = 2 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
                t += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, t);
        }
    for (j = 0; j < H; j++) {
        t = 0;
        for (i = 0; i < N; i++)
            t += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, t);
    }

    free_state(&st);
    g->present = BP_GRADS_ALL;
    return 0;
}
