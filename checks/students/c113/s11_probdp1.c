/* lab4 backward.c
 *
 * forward was: z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, prob = softmax(z2)
 * backward goes the other way, one static function per gradient.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void back_dz2(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
    size_t i, k, N = prob->size1;

    for (i = 0; i < N; i++)
        for (k = 0; k < prob->size2; k++) {
            double v = gsl_matrix_get(prob, i, k);
            if (k == y[i])
                v = v - 1.0;
            gsl_matrix_set(dz2, i, k, v / (double)N);
        }
}

static void back_dW2(const gsl_matrix *p1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
    size_t h, k, i;

    for (h = 0; h < W2->size1; h++)
        for (k = 0; k < W2->size2; k++) {
            double s = 0.0;
            for (i = 0; i < p1->size1; i++)
                s += gsl_matrix_get(p1, i, h) * gsl_matrix_get(dz2, i, k);
            gsl_matrix_set(dW2, h, k, s + 2.0 * reg * gsl_matrix_get(W2, h, k));
        }
}

static void back_db2(const gsl_matrix *dz2, gsl_vector *db2)
{
    size_t i, k;

    for (k = 0; k < dz2->size2; k++) {
        double s = 0.0;
        for (i = 0; i < dz2->size1; i++)
            s += gsl_matrix_get(dz2, i, k);
        gsl_vector_set(db2, k, s);
    }
}

/* dp1[i][h] = (row i of dz2) . (row h of W2) */
static void back_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    size_t i, h;
    double d;

    for (i = 0; i < dz2->size1; i++) {
        gsl_vector_const_view a = gsl_matrix_const_row(dz2, i);
        for (h = 0; h < W2->size1; h++) {
            gsl_vector_const_view w = gsl_matrix_const_row(W2, h);
            gsl_blas_ddot(&a.vector, &w.vector, &d);
            gsl_matrix_set(dp1, i, h, d);
        }
    }
}

static void back_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t i, h;

    for (i = 0; i < z1->size1; i++)
        for (h = 0; h < z1->size2; h++) {
            double m = gsl_matrix_get(z1, i, h) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(dz1, i, h, m * gsl_matrix_get(dp1, i, h));
        }
}

static void back_dW1(const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
    size_t d, h, i;

    for (d = 0; d < W1->size1; d++)
        for (h = 0; h < W1->size2; h++) {
            double s = 0.0;
            for (i = 0; i < X->size1; i++)
                s += gsl_matrix_get(X, i, d) * gsl_matrix_get(dz1, i, h);
            gsl_matrix_set(dW1, d, h, s + 2.0 * reg * gsl_matrix_get(W1, d, h));
        }
}

static void back_db1(const gsl_matrix *dz1, gsl_vector *db1)
{
    size_t i, h;

    for (h = 0; h < dz1->size2; h++) {
        double s = 0.0;
        for (i = 0; i < dz1->size1; i++)
            s += gsl_matrix_get(dz1, i, h);
        gsl_vector_set(db1, h, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
        return 1;

    back_dz2(cache->prob, y, g->dz2);
    back_dW2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    back_db2(g->dz2, g->db2);
    back_dp1(cache->prob, net->W2, g->dp1);
    back_dz1(g->dp1, cache->z1, g->dz1);
    back_dW1(X, g->dz1, net->W1, reg, g->dW1);
    back_db1(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
