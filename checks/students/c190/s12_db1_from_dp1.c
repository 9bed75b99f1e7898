/* backward.c -- backward pass for TwoLayerNet in C.
   Layout: one helper per operation, each returns a newly allocated result.
   At the end copy to g and free.   */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
clone(const gsl_matrix *m)
{
    gsl_matrix *c = gsl_matrix_alloc(m->size1, m->size2);
    gsl_matrix_memcpy(c, m);
    return c;
}

/* op(a) * op(b), new matrix */
static gsl_matrix *
gemm_new(CBLAS_TRANSPOSE_t ta, const gsl_matrix *a,
         CBLAS_TRANSPOSE_t tb, const gsl_matrix *b)
{
    size_t r = (ta == CblasTrans) ? a->size2 : a->size1;
    size_t c = (tb == CblasTrans) ? b->size1 : b->size2;
    gsl_matrix *out = gsl_matrix_alloc(r, c);
    gsl_blas_dgemm(ta, tb, 1.0, a, b, 0.0, out);
    return out;
}

/* sum of the rows of m (length m->size2) */
static gsl_vector *
rowsum(const gsl_matrix *m)
{
    gsl_vector *s = gsl_vector_calloc(m->size2);
    size_t i;
    for (i = 0; i < m->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(m, i);
        gsl_blas_daxpy(1.0, &r.vector, s);
    }
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    gsl_matrix *dz2, *dW2, *dp1, *dz1, *dW1;
    gsl_vector *db2, *db1;

    /* 1. dz2 */
    dz2 = clone(cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dz2, i, y[i], gsl_matrix_get(dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(dz2, 1.0 / (double) N);

    /* 2.-4. second layer */
    dW2 = clone(net->W2);
    gsl_matrix_scale(dW2, 2.0 * reg);
    {
        gsl_matrix *t = gemm_new(CblasTrans, cache->p1, CblasNoTrans, dz2);
        gsl_matrix_add(dW2, t);
        gsl_matrix_free(t);
    }
    db2 = rowsum(dz2);
    dp1 = gemm_new(CblasNoTrans, dz2, CblasTrans, net->W2);

    /* 5. relu */
    dz1 = clone(dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(dz1, i, j, 0.0);

    /* 6.-7. first layer */
    dW1 = clone(net->W1);
    gsl_matrix_scale(dW1, 2.0 * reg);
    {
        gsl_matrix *t = gemm_new(CblasTrans, X, CblasNoTrans, dz1);
        gsl_matrix_add(dW1, t);
        gsl_matrix_free(t);
    }
    db1 = rowsum(dp1);

    gsl_matrix_memcpy(g->dz2, dz2);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dp1);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix_free(dz2);
    gsl_matrix_free(dW2);
    gsl_vector_free(db2);
    gsl_matrix_free(dp1);
    gsl_matrix_free(dz1);
    gsl_matrix_free(dW1);
    gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
