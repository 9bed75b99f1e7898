/* Laboratorio 5: retropropagazione
 * Gallo Stefano, Conti Marta
 *
 * Loss = media cross-entropy + reg*(|W1|^2 + |W2|^2)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_campioni = cache->N;
    size_t nascosti = net->H, classi = net->C, ingressi = net->D;
    size_t i, j, k;

    if (X->size1 != num_campioni || X->size2 != ingressi || g->N != num_campioni)
        return 1;

    /* dz2 */
    for (i = 0; i < num_campioni; i++)
        for (k = 0; k < classi; k++) {
            double val = gsl_matrix_get(cache->prob, i, k);
            if (y[i] == k)
                val -= 1.0;
            gsl_matrix_set(g->dz2, i, k, val / num_campioni);
        }

    /* grad_pesi dello strato di uscita: p1^T * dz2 */
    for (j = 0; j < nascosti; j++)
        for (k = 0; k < classi; k++) {
            double somma = 0.0;
            for (i = 0; i < num_campioni; i++)
                somma += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, somma);
        }

    /* bias_uscita */
    for (k = 0; k < classi; k++) {
        double somma = 0.0;
        for (i = 0; i < num_campioni; i++)
            somma += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, somma);
    }

    /* dp1 = dz2 * W2^T */
    for (i = 0; i < num_campioni; i++)
        for (j = 0; j < nascosti; j++) {
            double somma = 0.0;
            for (k = 0; k < classi; k++)
                somma += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, somma);
        }

    /* dz1: maschera della relu */
    for (i = 0; i < num_campioni; i++)
        for (j = 0; j < nascosti; j++) {
            double maschera = gsl_matrix_get(cache->z1, i, j) > 0.0;
            gsl_matrix_set(g->dz1, i, j, maschera * gsl_matrix_get(g->dp1, i, j));
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < ingressi; k++)
        for (j = 0; j < nascosti; j++) {
            double somma = 0.0;
            for (i = 0; i < num_campioni; i++)
                somma += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, somma + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }

    /* db1 */
    for (j = 0; j < nascosti; j++) {
        double somma = 0.0;
        for (i = 0; i < num_campioni; i++)
            somma += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, somma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
