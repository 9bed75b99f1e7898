/* backward.c
 * ----------
 * Backward pass of the two-layer net for lab 4.
 * Every gradient gets a static function; the batch size is passed in
 * where it is needed (only dz2 needs it, the mean is taken there).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dz2 = (softmax - onehot) / batch */
static void
dz2_from_probs(const gsl_matrix *probs, const size_t *labels, size_t batch,
               gsl_matrix *dz2)
{
    size_t i, j;

    for (i = 0; i < probs->size1; i++)
        for (j = 0; j < probs->size2; j++) {
            double v = gsl_matrix_get(probs, i, j);
            if (j == labels[i])
                v = v - 1;
            gsl_matrix_set(dz2, i, j, v / (double) batch);
        }
}

static void
dW2_from_dz2(const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
             double reg, gsl_matrix *dW2)
{
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 0.0, dW2);
    gsl_matrix_scale(dW2, 1.0);
    {
        gsl_matrix *r = gsl_matrix_alloc(W2->size1, W2->size2);
        gsl_matrix_memcpy(r, W2);
        gsl_matrix_scale(r, 2.0 * reg);
        gsl_matrix_add(dW2, r);
        gsl_matrix_free(r);
    }
}

static void
db2_from_dz2(const gsl_matrix *dz2, gsl_vector *db2)
{
    size_t i;

    gsl_vector_set_zero(db2);
    for (i = 0; i < dz2->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dz2, i);
        gsl_vector_add(db2, &row.vector);
    }
}

static void
dp1_from_dz2(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
dz1_from_dp1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t i, j;

    gsl_matrix_memcpy(dz1, dp1);
    for (i = 0; i < dz1->size1; i++)
        for (j = 0; j < dz1->size2; j++)
            if (!(gsl_matrix_get(z1, i, j) > 0))
                gsl_matrix_set(dz1, i, j, 0);
}

static void
dW1_from_dz1(const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
             double reg, gsl_matrix *dW1)
{
    gsl_matrix_memcpy(dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);
}

static void
db1_from_dz1(const gsl_matrix *dz1, gsl_vector *db1)
{
    size_t i;

    gsl_vector_set_zero(db1);
    for (i = 0; i < dz1->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dz1, i);
        gsl_vector_add(db1, &row.vector);
    }
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    dz2_from_probs(cache->prob, y, X->size2, g->dz2);
    dW2_from_dz2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    db2_from_dz2(g->dz2, g->db2);
    dp1_from_dz2(g->dz2, net->W2, g->dp1);
    dz1_from_dp1(g->dp1, cache->z1, g->dz1);
    dW1_from_dz1(X, g->dz1, net->W1, reg, g->dW1);
    db1_from_dz1(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
