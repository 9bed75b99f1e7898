/*
 * backward.c -- Homework 3, Part B
 *
 *  L = 1/N sum -log p[y] + reg*(||W1||^2 + ||W2||^2)
 *  => every dW gets + 2*reg*W  (no 1/2 in our loss!)
 */
#include "backprop.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_examples = X->size1;
    size_t num_inputs = X->size2;
    size_t num_hidden = net->H;
    size_t num_classes = net->C;
    size_t n, d, h, c;
    double total;

    if (num_examples != cache->N || num_inputs != net->D || g->N != num_examples)
        return 1;

    /* (1) dz2 */
    for (n = 0; n < num_examples; n++)
        for (c = 0; c < num_classes; c++)
            SET(g->dz2, n, c, (GET(cache->prob, n, c) - (c == y[n])) / num_examples);

    /* (2) dW2 */
    for (h = 0; h < num_hidden; h++)
        for (c = 0; c < num_classes; c++) {
            total = 0.0;
            for (n = 0; n < num_examples; n++)
                total += GET(cache->p1, n, h) * GET(g->dz2, n, c);
            SET(g->dW2, h, c, total + 2 * reg * GET(net->W2, h, c));
        }

    /* (3) db2 */
    for (c = 0; c < num_classes; c++) {
        total = 0.0;
        for (n = 0; n < num_examples; n++)
            total += GET(g->dz2, n, c);
        gsl_vector_set(g->db2, c, total);
    }

    /* (4) dp1 */
    for (n = 0; n < num_examples; n++)
        for (h = 0; h < num_hidden; h++) {
            total = 0.0;
            for (c = 0; c < num_classes; c++)
                total += GET(g->dz2, n, c) * GET(net->W2, h, c);
            SET(g->dp1, n, h, total);
        }

    /* (5) dz1: copy, then kill the dead units */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < num_examples; n++)
        for (h = 0; h < num_hidden; h++)
            if (GET(cache->z1, n, h) <= 0)
                SET(g->dz1, n, h, 0.0);

    /* (6) dW1 */
    for (d = 0; d < num_inputs; d++)
        for (h = 0; h < num_hidden; h++) {
            total = 0.0;
            for (n = 0; n < num_examples; n++)
                total += GET(X, n, d) * GET(g->dz1, d, h);
            SET(g->dW1, d, h, total + 2 * reg * GET(net->W1, d, h));
        }

    /* (7) db1 */
    for (h = 0; h < num_hidden; h++) {
        total = 0.0;
        for (n = 0; n < num_examples; n++)
            total += GET(g->dz1, n, h);
        gsl_vector_set(g->db1, h, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
