/* backward.c  -  Priya Subramanian  -  HW3 two-layer net
 *
 * Plan: run my own forward pass (forward_pass() below, it returns a struct
 * with every intermediate), then backprop only through my own values.
 * That way I can print them next to the cache when I debug.
 */
#include <math.h>
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
    gsl_matrix *a1;      /* hidden pre-activation, X W1 + b1   (N,H) */
    gsl_matrix *h;       /* relu(a1)                           (N,H) */
    gsl_matrix *out;     /* scores, h W2 + b2                  (N,C) */
    gsl_matrix *probs;   /* softmax(out)                       (N,C) */
} fwd_t;

static fwd_t forward_pass(const bp_net *net, const gsl_matrix *X)
{
    fwd_t f;
    size_t N = X->size1;

    f.a1 = gsl_matrix_calloc(N, net->H);
    f.h = gsl_matrix_alloc(N, net->H);
    f.out = gsl_matrix_alloc(N, net->C);
    f.probs = gsl_matrix_alloc(N, net->C);

    /* layer 1 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, f.a1);
    gsl_matrix_memcpy(f.h, f.a1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(f.h, i, j) < 0)
                gsl_matrix_set(f.h, i, j, 0);

    /* layer 2 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, f.h, net->W2, 0.0, f.out);
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < net->C; c++)
            gsl_matrix_set(f.out, i, c,
                           gsl_matrix_get(f.out, i, c) + gsl_vector_get(net->b2, c));

    /* softmax (stable) */
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(f.out, i);
        double mx = gsl_vector_max(&row.vector);
        double tot = 0;
        for (size_t c = 0; c < net->C; c++) {
            double e = exp(gsl_matrix_get(f.out, i, c) - mx);
            gsl_matrix_set(f.probs, i, c, e);
            tot += e;
        }
        for (size_t c = 0; c < net->C; c++)
            gsl_matrix_set(f.probs, i, c, gsl_matrix_get(f.probs, i, c) / tot);
    }
    return f;
}

static void free_fwd(fwd_t *f)
{
    gsl_matrix_free(f->a1);
    gsl_matrix_free(f->h);
    gsl_matrix_free(f->out);
    gsl_matrix_free(f->probs);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    (void) cache;

    fwd_t f = forward_pass(net, X);

    /* dL/dout */
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++) {
            double d = gsl_matrix_get(f.probs, i, c);
            if (c == y[i]) d -= 1.0;
            gsl_matrix_set(g->dz2, i, c, d / N);
        }

    /* second layer params */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, f.h, g->dz2, 2.0 * reg, g->dW2);
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(f.a1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* first layer params */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (size_t j = 0; j < H; j++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    free_fwd(&f);
    g->present = BP_GRADS_ALL;
    return 0;
}
