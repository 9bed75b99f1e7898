/* backward.c
 * JS dev.  I miss closures, so every element-wise op is a callback that
 * also gets a void* "ctx" (that's my closure).  zip(out, a, b, fn, ctx)
 * is like a.map((x, i) => fn(x, b[i])).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

typedef double (*zipFn)(double a, double b, void *ctx);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out[i][j] = fn(a[i][j], b[i][j], ctx); out may alias a or b */
static void zip(gsl_matrix *out, const gsl_matrix *a, const gsl_matrix *b, zipFn fn, void *ctx) {
    for (size_t i = 0; i < out->size1; i++) {
        for (size_t j = 0; j < out->size2; j++) {
            gsl_matrix_set(out, i, j, fn(gsl_matrix_get(a, i, j), gsl_matrix_get(b, i, j), ctx));
        }
    }
}

/* grad + 2*reg*weight  (ctx = &reg) */
static double addWeightDecay(double grad, double weight, void *ctx) {
    const double reg = *(const double *)ctx;
    return grad + 2.0 * reg * weight;
}

/* pass upstream through where the pre-activation was positive */
static double reluGate(double upstream, double pre, void *ctx) {
    (void)ctx;
    return pre > 0 ? upstream : 0.0;
}

static void colSums(const gsl_matrix *m, gsl_vector *out) {
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < m->size1; i++) {
        for (size_t j = 0; j < m->size2; j++) {
            *gsl_vector_ptr(out, j) += gsl_matrix_get(m, i, j);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* layer 2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    zip(g->dW2, net->W2, g->dW2, addWeightDecay, &reg);
    colSums(g->dz2, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    zip(g->dz1, g->dp1, cache->z1, reluGate, NULL);

    /* layer 1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    zip(g->dW1, g->dW1, net->W1, addWeightDecay, &reg);
    colSums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
