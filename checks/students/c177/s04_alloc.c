/* backward.c
 *
 * My helpers return NEW matrices, like numpy does, so every line below is
 * one line of my python.  Everything that comes back from np_* must be
 * freed (valgrind was angry at me the first time).
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *np_T(const gsl_matrix *A)
{
    gsl_matrix *t = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(t, A);
    return t;
}

static gsl_matrix *np_dot(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *out = gsl_matrix_alloc(A->size1, B->size2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
    return out;
}

static gsl_matrix *np_sub(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *out = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(out, A);
    gsl_matrix_sub(out, B);
    return out;
}

static gsl_matrix *np_scale(gsl_matrix *A, double s)   /* in place, returns A */
{
    gsl_matrix_scale(A, s);
    return A;
}

static gsl_matrix *np_where_positive(const gsl_matrix *cond, const gsl_matrix *A)
{
    gsl_matrix *out = gsl_matrix_calloc(A->size1, A->size2);
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            if (gsl_matrix_get(cond, i, j) > 0)
                gsl_matrix_set(out, i, j, gsl_matrix_get(A, i, j));
    return out;
}

static gsl_vector *np_sum_axis0(const gsl_matrix *A)
{
    gsl_vector *s = gsl_vector_calloc(A->size2);
    size_t i;
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_vector_add(s, &row.vector);
    }
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    gsl_matrix *onehot, *dscores, *hT, *dW2, *W2T, *dhidden, *dz1, *XT, *dW1, *r;
    gsl_vector *db2, *db1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    onehot = gsl_matrix_calloc(N, net->C);
    for (i = 0; i < N; i++)
        gsl_matrix_set(onehot, i, y[i], 1.0);

    dscores = np_scale(np_sub(cache->prob, onehot), 1.0 / N);   /* (N, C) */

    hT = np_T(cache->p1);
    dW2 = np_dot(hT, dscores);                                    /* (H, C) */
    r = gsl_matrix_alloc(net->H, net->C);                         /* r = 2*reg*W2 */
    gsl_matrix_memcpy(r, net->W2);
    gsl_matrix_add(dW2, np_scale(r, 2 * reg));
    gsl_matrix_free(r);

    db2 = np_sum_axis0(dscores);

    W2T = np_T(net->W2);
    dhidden = np_dot(dscores, W2T);                               /* (N, H) */
    dz1 = np_where_positive(cache->z1, dhidden);

    XT = np_T(X);
    dW1 = np_dot(XT, dz1);                                        /* (D, H) */
    r = gsl_matrix_alloc(net->D, net->H);                         /* r = 2*reg*W1 */
    gsl_matrix_memcpy(r, net->W1);
    gsl_matrix_add(dW1, np_scale(r, 2 * reg));
    gsl_matrix_free(r);

    db1 = np_sum_axis0(dz1);

    /* save everything into g */
    gsl_matrix_memcpy(g->dz2, dscores);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dhidden);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix_free(onehot); gsl_matrix_free(dscores); gsl_matrix_free(hT);
    gsl_matrix_free(dW2); gsl_matrix_free(W2T); gsl_matrix_free(dhidden);
    gsl_matrix_free(dz1); gsl_matrix_free(XT); gsl_matrix_free(dW1);
    gsl_vector_free(db2); gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
