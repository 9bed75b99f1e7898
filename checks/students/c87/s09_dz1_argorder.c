/* backward.c (lab 4)
 * AT() reads the data array directly, gsl_matrix_get was too slow for me. */

#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i) ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void grad_dz2(gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
    size_t i, k, N = prob->size1, C = prob->size2;
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            AT(dz2, i, k) = AT(prob, i, k) / N;
        AT(dz2, i, y[i]) -= 1.0 / N;
    }
}

static void grad_dW2(gsl_matrix *dW2, const gsl_matrix *p1,
                     const gsl_matrix *dz2, const gsl_matrix *W2, double reg)
{
    size_t i, h, k;
    for (h = 0; h < W2->size1; h++)
        for (k = 0; k < W2->size2; k++) {
            double s = 2.0 * reg * AT(W2, h, k);
            for (i = 0; i < p1->size1; i++)
                s += AT(p1, i, h) * AT(dz2, i, k);
            AT(dW2, h, k) = s;
        }
}

static void grad_db2(gsl_vector *db2, const gsl_matrix *dz2)
{
    size_t i, k;
    for (k = 0; k < dz2->size2; k++) {
        double s = 0.0;
        for (i = 0; i < dz2->size1; i++)
            s += AT(dz2, i, k);
        VAT(db2, k) = s;
    }
}

static void grad_dp1(gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
    size_t i, h, k;
    for (i = 0; i < dz2->size1; i++)
        for (h = 0; h < W2->size1; h++) {
            double s = 0.0;
            for (k = 0; k < W2->size2; k++)
                s += AT(dz2, i, k) * AT(W2, h, k);
            AT(dp1, i, h) = s;
        }
}

/* relu backward: pass the gradient where the input was > 0 */
static void grad_dz1(gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
    size_t i, h;
    for (i = 0; i < dz1->size1; i++)
        for (h = 0; h < dz1->size2; h++)
            AT(dz1, i, h) = AT(z1, i, h) > 0.0 ? AT(dp1, i, h) : 0.0;
}

static void grad_dW1(gsl_matrix *dW1, const gsl_matrix *X,
                     const gsl_matrix *dz1, const gsl_matrix *W1, double reg)
{
    size_t i, d, h;
    for (d = 0; d < W1->size1; d++)
        for (h = 0; h < W1->size2; h++) {
            double s = 2.0 * reg * AT(W1, d, h);
            for (i = 0; i < X->size1; i++)
                s += AT(X, i, d) * AT(dz1, i, h);
            AT(dW1, d, h) = s;
        }
}

static void grad_db1(gsl_vector *db1, const gsl_matrix *dz1)
{
    size_t i, h;
    for (h = 0; h < dz1->size2; h++) {
        double s = 0.0;
        for (i = 0; i < dz1->size1; i++)
            s += AT(dz1, i, h);
        VAT(db1, h) = s;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    grad_dz2(g->dz2, cache->prob, y);
    grad_dW2(g->dW2, cache->p1, g->dz2, net->W2, reg);
    grad_db2(g->db2, g->dz2);
    grad_dp1(g->dp1, g->dz2, net->W2);
    grad_dz1(g->dz1, cache->z1, g->dp1);
    grad_dW1(g->dW1, X, g->dz1, net->W1, reg);
    grad_db1(g->db1, g->dz1);

    g->present = BP_GRADS_ALL;
    return 0;
}
