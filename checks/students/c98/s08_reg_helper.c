/* backward.c  (lab 4)
 *
 * helpers:
 *   at_b(A, B, OUT)     OUT = A^T B
 *   add_l2(DW, W, reg)  adds the gradient of the L2 penalty
 */
#include "backprop.h"

#define AT(m,i,j)  ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i)   ((v)->data[(i)*(v)->stride])
#define ROWS(m)    ((m)->size1)
#define COLS(m)    ((m)->size2)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void at_b(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *OUT)
{
    size_t i, j, k;
    for (i = 0; i < COLS(A); i++) {
        for (j = 0; j < COLS(B); j++) {
            double s = 0.0;
            for (k = 0; k < ROWS(A); k++)
                s += AT(A, k, i) * AT(B, k, j);
            AT(OUT, i, j) = s;
        }
    }
}

/* penalty is reg*sum(W^2); the 2 cancels with the 1/2 */
static void add_l2(gsl_matrix *DW, const gsl_matrix *W, double reg)
{
    size_t i, j;
    for (i = 0; i < ROWS(W); i++)
        for (j = 0; j < COLS(W); j++)
            AT(DW, i, j) += reg * AT(W, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = ROWS(X);
    size_t i, j, k;

    if (N != cache->N || COLS(X) != net->D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        for (k = 0; k < net->C; k++) {
            double p = AT(cache->prob, i, k);
            AT(g->dz2, i, k) = (k == y[i] ? p - 1.0 : p) / N;
        }
    }

    /* layer 2 */
    at_b(cache->p1, g->dz2, g->dW2);
    add_l2(g->dW2, net->W2, reg);
    for (k = 0; k < net->C; k++) {
        VAT(g->db2, k) = 0.0;
        for (i = 0; i < N; i++)
            VAT(g->db2, k) += AT(g->dz2, i, k);
    }

    /* dp1 and relu */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            double s = 0.0;
            for (k = 0; k < net->C; k++)
                s += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = s;
            AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0.0 ? s : 0.0;
        }
    }

    /* layer 1 */
    at_b(X, g->dz1, g->dW1);
    add_l2(g->dW1, net->W1, reg);
    for (j = 0; j < net->H; j++) {
        VAT(g->db1, j) = 0.0;
        for (i = 0; i < N; i++)
            VAT(g->db1, j) += AT(g->dz1, i, j);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
