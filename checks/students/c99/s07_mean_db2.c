/* backward.c -- numpy-ish helpers so the C reads like my notebook */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_vector *np_sum_axis0(const gsl_matrix *a)
{
    gsl_vector *s = gsl_vector_calloc(a->size2);
    for (size_t r = 0; r < a->size1; r++)
        for (size_t c = 0; c < a->size2; c++)
            s->data[c * s->stride] += gsl_matrix_get(a, r, c);
    return s;
}

/* np.mean(a, axis=0) */
static gsl_vector *np_mean_axis0(const gsl_matrix *a)
{
    gsl_vector *s = np_sum_axis0(a);
    gsl_vector_scale(s, 1.0 / a->size1);
    return s;
}

/* np.dot(a.T, b) */
static gsl_matrix *np_dot_T(const gsl_matrix *a, const gsl_matrix *b)
{
    gsl_matrix *out = gsl_matrix_alloc(a->size2, b->size2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, a, b, 0.0, out);
    return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;

    /* dscores */
    gsl_matrix *dscores = gsl_matrix_alloc(N, C);
    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* W2 grad */
    gsl_matrix *dW2 = np_dot_T(cache->p1, dscores);
    gsl_matrix *tmp2 = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(tmp2, net->W2);
    gsl_matrix_scale(tmp2, 2.0 * reg);
    gsl_matrix_add(dW2, tmp2);
    gsl_matrix_memcpy(g->dW2, dW2);

    /* b2 grad: average over the batch */
    gsl_vector *db2 = np_mean_axis0(dscores);
    gsl_vector_memcpy(g->db2, db2);

    /* back into the hidden layer */
    gsl_matrix *dhidden = gsl_matrix_alloc(N, H);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    gsl_matrix *dz1 = gsl_matrix_alloc(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                                      ? gsl_matrix_get(dhidden, i, j) : 0.0);
    gsl_matrix_memcpy(g->dz1, dz1);

    /* W1 grad */
    gsl_matrix *dW1 = np_dot_T(X, dz1);
    gsl_matrix *tmp1 = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(tmp1, net->W1);
    gsl_matrix_scale(tmp1, 2.0 * reg);
    gsl_matrix_add(dW1, tmp1);
    gsl_matrix_memcpy(g->dW1, dW1);

    /* b1 grad */
    gsl_vector *db1 = np_sum_axis0(dz1);
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix_free(dscores); gsl_matrix_free(dW2); gsl_matrix_free(tmp2);
    gsl_vector_free(db2); gsl_matrix_free(dhidden); gsl_matrix_free(dz1);
    gsl_matrix_free(dW1); gsl_matrix_free(tmp1); gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
