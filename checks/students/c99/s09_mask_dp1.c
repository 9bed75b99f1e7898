/* backward.c -- week 3 assignment
 * helpers first (np_*), then the backward function top to bottom.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.dot(A, B) with optional transposes: np_dot(A, 1, B, 0) is A.T.dot(B) */
static gsl_matrix *np_dot(const gsl_matrix *A, int tA, const gsl_matrix *B, int tB)
{
    size_t r = tA ? A->size2 : A->size1;
    size_t c = tB ? B->size1 : B->size2;
    gsl_matrix *out = gsl_matrix_alloc(r, c);
    gsl_blas_dgemm(tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans,
                   1.0, A, B, 0.0, out);
    return out;
}

/* mask = (A > 0), 1.0 where positive, 0.0 elsewhere */
static gsl_matrix *np_maximum_mask(const gsl_matrix *A)
{
    gsl_matrix *m = gsl_matrix_calloc(A->size1, A->size2);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            if (gsl_matrix_get(A, i, j) > 0.0)
                gsl_matrix_set(m, i, j, 1.0);
    return m;
}

static void np_sum_axis0(const gsl_matrix *A, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(out, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || g->N != N)
        return 1;

    // dscores
    gsl_matrix *dscores = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t i = 0; i < N; i++)
        *gsl_matrix_ptr(dscores, i, y[i]) -= 1.0;
    gsl_matrix_scale(dscores, 1.0 / (double)N);
    gsl_matrix_memcpy(g->dz2, dscores);

    // dW2, db2
    gsl_matrix *dW2 = np_dot(cache->p1, 1, dscores, 0);
    gsl_matrix *r2 = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(r2, net->W2);
    gsl_matrix_scale(r2, 2.0 * reg);
    gsl_matrix_add(dW2, r2);
    gsl_matrix_memcpy(g->dW2, dW2);
    np_sum_axis0(dscores, g->db2);

    // dhidden
    gsl_matrix *dhidden = np_dot(dscores, 0, net->W2, 1);
    gsl_matrix_memcpy(g->dp1, dhidden);

    // relu backward: dhidden * (hidden > 0)
    gsl_matrix *mask = np_maximum_mask(dhidden);
    gsl_matrix *dz1 = gsl_matrix_alloc(N, net->H);
    gsl_matrix_memcpy(dz1, dhidden);
    gsl_matrix_mul_elements(dz1, mask);
    gsl_matrix_memcpy(g->dz1, dz1);

    // dW1, db1
    gsl_matrix *dW1 = np_dot(X, 1, dz1, 0);
    gsl_matrix *r1 = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(r1, net->W1);
    gsl_matrix_scale(r1, 2.0 * reg);
    gsl_matrix_add(dW1, r1);
    gsl_matrix_memcpy(g->dW1, dW1);
    np_sum_axis0(dz1, g->db1);

    gsl_matrix_free(dscores);
    gsl_matrix_free(dW2);
    gsl_matrix_free(r2);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(mask);
    gsl_matrix_free(dz1);
    gsl_matrix_free(dW1);
    gsl_matrix_free(r1);

    g->present = BP_GRADS_ALL;
    return 0;
}
